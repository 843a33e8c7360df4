"""Write the caching proxy's configuration (deploy/varnish.vcl filled in): the app
servers it forwards to, who may purge it, and the query parameters pages read."""

from django.core.management.base import BaseCommand, CommandError

from core.proxy import vcl


def address(value):
    host, _colon, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise CommandError(f"{value!r} is not host:port")
    return host, int(port)


class Command(BaseCommand):
    help = "Print the Varnish configuration for these app servers (host:port)."

    def add_arguments(self, parser):
        parser.add_argument("backends", nargs="+", type=address, metavar="host:port")
        parser.add_argument(
            "--purger",
            action="append",
            default=None,
            help="An address allowed to purge (the app servers'); 127.0.0.1 by default.",
        )

    def handle(self, *args, backends, purger, **options):
        self.stdout.write(vcl(backends, purgers=purger or ["127.0.0.1"]), ending="")
