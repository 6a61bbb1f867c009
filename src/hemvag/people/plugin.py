"""What the people app contributes: who may read and register persons, who grants protected identities."""

from hemvag.core.plugins import Contributions

CONTRIBUTIONS = Contributions(
    permissions={
        "people.view_person": frozenset({"counsellor", "manager"}),
        "people.edit_person": frozenset({"counsellor"}),
        # Access to a protected identity is a manager's decision, per person and counsellor, with a reason.
        "people.grant_identity_access": frozenset({"manager"}),
    },
    api_router="hemvag.people.api.router",
)
