from django.shortcuts import render

from .cache import RATE_LIMITS_UNAVAILABLE, cache_available


def too_many_requests(request):
    """allauth's rate-limit answer (config.urls.handler429).

    While the shared cache is down every limit fails closed; saying "too many
    attempts" then would be false, so the person learns it is a short outage.
    """
    if not cache_available():
        response = render(
            request,
            "ops/503_limits.html",
            {"message": RATE_LIMITS_UNAVAILABLE},
            status=503,
        )
        response["Retry-After"] = "60"
        return response
    return render(request, "429.html", status=429)
