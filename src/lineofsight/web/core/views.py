"""The first page: the current snapshot and its tables' row counts."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def home(request: HttpRequest) -> HttpResponse:
    from lineofsight.warehouse import selectors

    return render(request, "core/home.html", {"snapshot": selectors.current_snapshot_summary()})
