"""Each unit's time rules come from the nearest committee above it with a policy; many units' rules
are read in one query."""

from zhenggai.accounts.models import SupervisionPolicy, UnitKind
from zhenggai.accounts.policy import DEFAULT_POLICY, Policy, policies_for, policy_for
from zhenggai.accounts.services import unit_create


def test_nearest_committee_wins_and_many_units_cost_one_query(seed, django_assert_num_queries):
    district = seed.unit.parent  # 区委
    SupervisionPolicy.objects.create(committee=district, long_term_report_months=2, warning_days=5)
    town = unit_create(name="某镇党委", kind=UnitKind.COMMITTEE, parent=district)
    SupervisionPolicy.objects.create(
        committee=town, long_term_report_months=1, look_back_months=4, warning_days=3
    )
    in_town = unit_create(name="某镇某站", kind=UnitKind.UNIT, parent=town)
    elsewhere = unit_create(name="另一区委", kind=UnitKind.COMMITTEE)
    outside = unit_create(name="另一区某局", kind=UnitKind.UNIT, parent=elsewhere)
    units = [seed.unit, in_town, outside, town]
    with django_assert_num_queries(1):
        found = policies_for(units)
    assert found == {
        seed.unit.pk: Policy(2, 6, 5),
        in_town.pk: Policy(1, 4, 3),
        outside.pk: DEFAULT_POLICY,
        town.pk: Policy(1, 4, 3),  # a committee's own policy applies to itself
    }
    assert found == {unit.pk: policy_for(unit) for unit in units}
    assert policies_for([]) == {}
