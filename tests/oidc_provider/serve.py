"""Run the test provider: ``python -m tests.oidc_provider.serve FOLDER CLIENT_ID CLIENT_SECRET``.

Makes a new RSA key and database in FOLDER, registers Koers as a client (redirect URIs on loopback, any port, as
RFC 8252 allows), listens on 127.0.0.1 on a free port and prints ``KLAAR <port>`` when it answers requests.
"""

import os
import sys
from pathlib import Path


def main(folder, client_id, client_secret):
    folder = Path(folder)
    key = folder / "key.pem"
    if not key.exists():
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        key.write_bytes(
            private.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    os.environ["KOERS_TEST_OP_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    loopback = ["http://127.0.0.1/account/sso/terug/", "http://localhost/account/sso/terug/"]
    Application.objects.update_or_create(
        client_id=client_id,
        defaults={
            "name": "Koers",
            "client_secret": client_secret,
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
            "redirect_uris": " ".join(loopback),
            "post_logout_redirect_uris": "http://127.0.0.1/account/inloggen/ http://localhost/account/inloggen/",
            "algorithm": Application.RS256_ALGORITHM,
            "skip_authorization": True,
        },
    )
    server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(get_wsgi_application())
    print(f"KLAAR {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:4])
