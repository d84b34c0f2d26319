from django.contrib.auth.models import User
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Creates the two test users, alice and bob (password: NAME-password)."

    def handle(self, *args, **options):
        for name in ("alice", "bob"):
            if not User.objects.filter(username=name).exists():
                User.objects.create_user(name, password=f"{name}-password")
