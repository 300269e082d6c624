"""The claims of each person come from people.json in the provider's folder, read at every request,
so a test changes someone's groups by rewriting the file."""

import json

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


def people() -> dict:
    return json.loads((settings.HERE / "people.json").read_text(encoding="utf-8"))


class ClaimsValidator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "groups": "profile",
        "departmentNumber": "profile",
    }

    def get_additional_claims(self, request):
        person = people()[request.user.username]
        return {"preferred_username": request.user.username, **person.get("claims", {})}
