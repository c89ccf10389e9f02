"""REST API routes (/api/v1/...) and the OpenAPI schema with its viewers."""

urlpatterns = []
