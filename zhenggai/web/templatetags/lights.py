"""The lights (红黄绿灯) on a page: each with its reason as a tooltip and as visually hidden text
(the colour alone says nothing to a screen reader nor to someone who cannot tell red from green),
and the legend that states the rules of the unit's policy."""

from html import escape

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from zhenggai.accounts.policy import DEFAULT_POLICY
from zhenggai.ledger.lights import (
    LightDates,
    light_legend,
    light_reason,
    light_title,
    look_back_light,
    problem_light_reason,
)

register = template.Library()


def light_html(light: str, reason: str) -> str:
    """One light: the reason in ``title`` (hover) and in hidden text (screen readers, print)."""
    light = escape(light)
    return (
        f'<span class="light light-{light}" title="{escape(reason)}">'
        f'<span class="sr-only">{escape(light_title(light, reason))}</span></span>'
    )


@register.simple_tag
def measure_light(measure, today=None) -> SafeString:
    """The light of a measure from ``annotate_light`` (it carries ``light_last_report``)."""
    reason = light_reason(
        measure.light,
        kind=measure.kind,
        deadline=measure.deadline,
        last_report=getattr(measure, "light_last_report", None),
        today=today or timezone.localdate(),
    )
    return SafeString(light_html(measure.light, reason))


@register.simple_tag
def problem_light(problem) -> SafeString:
    return SafeString(light_html(problem.light, problem_light_reason(problem.light)))


@register.simple_tag
def review_light(review, policy=None) -> SafeString:
    """The light of a look-back: red when due and not done, yellow when due soon, else nothing."""
    lit = look_back_light(
        due_on=review.due_on,
        pending=review.outcome == "pending",
        dates=LightDates.on(policy=policy or DEFAULT_POLICY),
    )
    return SafeString(light_html(*lit) if lit else "")


@register.inclusion_tag("web/_light_legend.html")
def lights_legend(policy=None):
    return {"rules": light_legend(policy or DEFAULT_POLICY), "label": gettext("预警灯说明")}
