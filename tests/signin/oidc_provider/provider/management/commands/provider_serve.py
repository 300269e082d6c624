"""Migrate, make the client (authorization code, RS256) and the people of people.json, then serve
(runserver, no reloader) at the address given."""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, call_command
from oauth2_provider.models import Application


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("config", help="JSON: client_id, client_secret, redirect_uri, post_logout_uri")
        parser.add_argument("addrport", help="127.0.0.1:<port>")

    def handle(self, *args, **options):
        call_command("migrate", verbosity=0)
        client = json.loads(options["config"])
        Application.objects.create(
            name="整改台账",
            client_id=client["client_id"],
            client_secret=client["client_secret"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=client["redirect_uri"],
            post_logout_redirect_uris=client["post_logout_uri"],
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=False,
        )
        people = json.loads((settings.HERE / "people.json").read_text(encoding="utf-8"))
        for username, person in people.items():
            get_user_model().objects.create_user(username, password=person["password"])
        call_command("runserver", options["addrport"], use_reloader=False)
