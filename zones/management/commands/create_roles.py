"""manage.py create_roles: the four groups of ZoneBench users, with their model permissions.

Idempotent: each run sets every group's permissions to exactly the ones listed here, so a
permission removed from this file is removed from the group too.
"""

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

# The models stewards work on.
DATA_MODELS = {
    "zones": ["zone", "zonealias", "zoneindustry", "industry", "cohort"],
    "indicators": ["source", "indicator", "indicatoralias", "observation", "cohortstatistic"],
}
# Editors may delete these (a wrong figure or a wrong alias); deleting a zone, indicator,
# source or cohort would take its figures with it, so that is left to administrators.
EDITOR_DELETABLE = {"zonealias", "zoneindustry", "indicatoralias", "observation", "cohortstatistic"}
# Users, groups and API tokens: administrators only.
# API tokens are managed in the admin through accounts.ApiToken (its key hidden).
ACCOUNT_MODELS = {
    "auth": ["user", "group"],
    "authtoken": ["token", "tokenproxy"],
    "accounts": ["apitoken"],
}


ALL = ("view", "add", "change", "delete")


def _codenames(
    models: dict[str, list[str]], actions: tuple[str, ...], *, deletable: set[str] | None = None
) -> set[tuple[str, str]]:
    """(app label, codename) pairs; with ``deletable``, "delete" only for those models."""
    return {
        (app, f"{action}_{model}")
        for app, names in models.items()
        for model in names
        for action in actions
        if action != "delete" or deletable is None or model in deletable
    }


ROLES: dict[str, set[tuple[str, str]]] = {
    # Browses the pages and the admin, changes nothing.
    "viewer": _codenames(DATA_MODELS, ("view",)),
    # Reads the same data through the REST API with a token (manage.py drf_create_token).
    "analyst": _codenames(DATA_MODELS, ("view",)),
    # Corrects and imports data; cannot manage users.
    "editor": _codenames(DATA_MODELS, ALL, deletable=EDITOR_DELETABLE),
    # Everything, including users, groups and tokens.
    "administrator": _codenames(DATA_MODELS, ALL) | _codenames(ACCOUNT_MODELS, ALL),
}


class Command(BaseCommand):
    help = (
        "创建或更新角色组 viewer、analyst、editor、administrator / Create or update the groups "
        "viewer, analyst, editor and administrator with their permissions (idempotent)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        wanted = set().union(*ROLES.values())
        found = {
            (p.content_type.app_label, p.codename): p
            for p in Permission.objects.select_related("content_type").filter(
                content_type__app_label__in={app for app, _ in wanted}
            )
        }
        missing = sorted(wanted - found.keys())
        if missing:
            # Only possible before `migrate` has run: the permissions are made by migrations.
            self.stderr.write(f"未找到的权限 / permissions not found (run migrate): {missing}")
        for name, codenames in ROLES.items():
            group, created = Group.objects.get_or_create(name=name)
            permissions = [found[key] for key in sorted(codenames) if key in found]
            group.permissions.set(permissions)
            verb = "创建 / created" if created else "更新 / updated"
            self.stdout.write(f"{name}: {verb}, {len(permissions)} permissions")
