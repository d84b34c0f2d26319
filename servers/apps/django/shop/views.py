import threading
import time

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render


def home(request):
    return HttpResponse("shop home\n")


@login_required
def account(request):
    return render(request, "account.html")


@login_required
def settings(request):
    return HttpResponse(f"settings of {request.user.username}\n")


@login_required
def slow(request):
    """Reads the session, works for ?ms= milliseconds, writes the session."""
    ms = min(int(request.GET.get("ms", "500")), 5000)
    # Not time.sleep: under libfaketime 0.9.10 (Debian 12), the clock_nanosleep(TIMER_ABSTIME)
    # that Python 3.11's sleep makes fails with EINVAL; a timed wait works.
    threading.Event().wait(ms / 1000)
    request.session["last_slow"] = time.time()
    return HttpResponse(f"slow page of {request.user.username}\n")
