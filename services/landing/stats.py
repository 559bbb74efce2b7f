"""How a landing page's variants compare: visitors, enquiries, conversion, and how sure
we can be that a variant converts better or worse than the original.

The method, as the results page states it: a two-sided two-proportion z-test (pooled)
of each variant against the original, at 95% confidence; and the visitors each version
needs to show a difference of the size seen so far (or, before one is seen, of a 20%
relative lift) with 80% power at that confidence.
"""

from dataclasses import dataclass
from math import ceil, sqrt
from statistics import NormalDist

from django.db.models import Count
from django.utils.translation import gettext

CONFIDENCE = 0.95
POWER = 0.80
DEFAULT_LIFT = 0.20  # relative: what the sample size is for before a difference shows
_normal = NormalDist()


@dataclass
class Arm:
    """One version of the page in the test: the original (variant None) or a variant."""

    name: str
    variant: object
    visitors: int
    enquiries: int
    running: bool
    won: bool = False

    @property
    def rate(self):
        return self.enquiries / self.visitors if self.visitors else 0.0

    @property
    def percent(self):
        return round(self.rate * 100, 1)


@dataclass
class Comparison:
    lift: float | None  # relative change of the rate against the original
    p_value: float | None
    needed: int | None  # visitors per version for 80% power

    @property
    def lift_percent(self):
        return None if self.lift is None else round(self.lift * 100, 1)

    @property
    def significant(self):
        return self.p_value is not None and self.p_value < 1 - CONFIDENCE

    @property
    def certainty(self):
        """1 - p: how unlikely a difference this large is if the two convert alike."""
        return None if self.p_value is None else 1 - self.p_value


def p_value(visitors_a, enquiries_a, visitors_b, enquiries_b):
    """Two-sided p-value of the pooled two-proportion z-test; None without data."""
    if not visitors_a or not visitors_b:
        return None
    pooled = (enquiries_a + enquiries_b) / (visitors_a + visitors_b)
    spread = sqrt(pooled * (1 - pooled) * (1 / visitors_a + 1 / visitors_b))
    if spread == 0:
        return None
    z = (enquiries_b / visitors_b - enquiries_a / visitors_a) / spread
    return 2 * (1 - _normal.cdf(abs(z)))


def needed_per_version(rate_a, rate_b):
    """Visitors each version needs to tell `rate_a` from `rate_b` (None: cannot say)."""
    if rate_a == rate_b or not 0 < rate_a < 1 or not 0 < rate_b < 1:
        return None
    z_alpha = _normal.inv_cdf(1 - (1 - CONFIDENCE) / 2)
    z_beta = _normal.inv_cdf(POWER)
    mean = (rate_a + rate_b) / 2
    top = z_alpha * sqrt(2 * mean * (1 - mean)) + z_beta * sqrt(
        rate_a * (1 - rate_a) + rate_b * (1 - rate_b)
    )
    return ceil(top**2 / (rate_a - rate_b) ** 2)


def compare(original, arm):
    base, rate = original.rate, arm.rate
    lift = (rate - base) / base if base else None
    target = rate if rate != base else base * (1 + DEFAULT_LIFT)
    return Comparison(
        lift=lift,
        p_value=p_value(
            original.visitors, original.enquiries, arm.visitors, arm.enquiries
        ),
        needed=needed_per_version(base, min(target, 0.999)),
    )


def page_arms(page):
    """[(Arm, Comparison or None)]: the original first, then each variant in order."""
    visitors = dict(
        page.visitors.values_list("variant").annotate(count=Count("pk")).order_by()
    )
    enquiries = dict(
        page.leads.genuine()
        .values_list("landing_variant")
        .annotate(count=Count("pk"))
        .order_by()
    )
    variants = list(page.variants.all())
    original = Arm(
        name=gettext("Original"),
        variant=None,
        visitors=visitors.get(None, 0),
        enquiries=enquiries.get(None, 0),
        running=True,
    )
    arms = [(original, None)]
    for variant in variants:
        arm = Arm(
            name=variant.name,
            variant=variant,
            visitors=visitors.get(variant.pk, 0),
            enquiries=enquiries.get(variant.pk, 0),
            running=variant.is_running,
            won=variant.won,
        )
        arms.append((arm, compare(original, arm)))
    return arms
