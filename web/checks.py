"""System checks that stop an unsafe server from starting (the rule is config.safety's)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

from config.safety import DEBUG_MESSAGE, unsafe_settings


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if message := unsafe_settings():
        return [Error(message, id="duizhao.E001")]
    return []


@register(Tags.security, deploy=True)
def check_debug(app_configs, **kwargs):
    # Django's own security.W018 is a warning, which `make serve` (--fail-level ERROR) lets by.
    if settings.DEBUG:
        return [Error(DEBUG_MESSAGE, id="duizhao.E002")]
    return []


@register()
def check_job_heartbeat(app_configs, **kwargs):
    # A job silent for JOB_DEAD_AFTER_SECONDS is failed and retried by the next sweep (a worker's,
    # a page's look): with a heartbeat not well inside that, every live job would be.
    beat, dead = settings.JOB_HEARTBEAT_SECONDS, settings.JOB_DEAD_AFTER_SECONDS
    if beat > 0 and dead >= 2 * beat:
        return []
    message = (
        f"DUIZHAO_JOB_DEAD_AFTER ({dead} s) must be at least twice DUIZHAO_JOB_HEARTBEAT"
        f" ({beat} s), and the heartbeat over 0: a job silent that long is taken for dead, so"
        " live jobs would be failed and retried. Raise DUIZHAO_JOB_DEAD_AFTER or lower"
        " DUIZHAO_JOB_HEARTBEAT (defaults: 60 and 5)."
    )
    return [Error(message, id="duizhao.E003")]


@register()
def check_job_limits(app_configs, **kwargs):
    # A job is stopped at the first beat past its limit (web.jobqueue.Heartbeat): a limit not over
    # one beat stops every job, however short, and the sweep fails it as too long.
    beat = settings.JOB_HEARTBEAT_SECONDS
    errors = []
    for kind in ("ALIGN", "IMPORT", "CATALOGUE"):
        limit = getattr(settings, f"JOB_LIMIT_{kind}_SECONDS")
        if limit <= beat:
            message = (
                f"DUIZHAO_JOB_LIMIT_{kind} ({limit} s) must be longer than DUIZHAO_JOB_HEARTBEAT"
                f" ({beat} s): every such job would be stopped as running too long. Give the"
                " longest such a job may run, in seconds."
            )
            errors.append(Error(message, id="duizhao.E004"))
    return errors
