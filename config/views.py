from django.conf import settings
from django.views.generic import TemplateView
from health_check.views import HealthCheckView


class LandingView(TemplateView):
    template_name = "landing.html"


class HealthView(HealthCheckView):
    """200 when the database (and Redis, where configured) answer; 503 otherwise, for load balancers."""

    @property
    def checks(self):
        checks = ["health_check.checks.Database"]
        if settings.REDIS_URL:
            from redis.asyncio import Redis

            checks.append(("health_check.contrib.redis.Redis",
                           {"client_factory": lambda: Redis.from_url(settings.REDIS_URL, socket_timeout=2)}))
        return checks

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code >= 500:
            response.status_code = 503
        return response
