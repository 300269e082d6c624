"""The units (province, cities, inspected units and their offices) and the users in every role."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from zhenggai.accounts.models import Membership, Role, Unit, UnitKind
from zhenggai.synth import phrases as ph
from zhenggai.synth import text
from zhenggai.synth.generate.base import PASSWORD, OrgUnit, city_code


class _UnitsMixin:
    """Part of ``_Generator`` (``generator``)."""

    def _unit_row(self, pk, name, kind, parent_path, depth, short="", org="", org_short="", order=0):
        path = f"{parent_path}{pk}/"
        row = (
            pk,
            name,
            short,
            kind,
            int(parent_path.strip("/").split("/")[-1]) if parent_path != "/" else None,
            path,
            depth,
            org,
            org_short,
            order,
            self.now,
            self.now,
        )
        self.unit_rows.append(row)
        return path

    def _units(self) -> None:
        rng = self.rng
        self.unit_rows: list[tuple] = []
        self.units: list[OrgUnit] = []
        pk = self.ids(Unit)
        self.province = pk
        self.province_path = self._unit_row(
            pk, ph.PROVINCE["name"], UnitKind.COMMITTEE, "/", 0, ph.PROVINCE["short_name"]
        )
        self.province_office = self.ids(Unit)
        self._unit_row(
            self.province_office,
            ph.PROVINCE_OFFICE["name"],
            UnitKind.INSPECTION_OFFICE,
            self.province_path,
            1,
            ph.PROVINCE_OFFICE["short_name"],
        )
        self.cities: list[tuple[int, str, int, str]] = []  # (committee, path, office, name)
        for ci in range(self.n_cities):
            city = ph.CITIES[ci][0]
            c = self.ids(Unit)
            path = self._unit_row(
                c, f"中共{city}市委员会", UnitKind.COMMITTEE, self.province_path, 1, f"{city}市委", order=ci
            )
            office = self.ids(Unit)
            self._unit_row(
                office,
                f"中共{city}市委巡察工作领导小组办公室",
                UnitKind.INSPECTION_OFFICE,
                path,
                2,
                f"{city}市委巡察办",
            )
            self.cities.append((c, path, office, city))

        n_prov = max(1, round(self.n_units * 0.06))
        weights = [rng.uniform(0.6, 1.4) for _ in range(self.n_cities)]
        per_city = [0] * self.n_cities
        for i in range(self.n_units - n_prov):
            per_city[
                i % self.n_cities if i < self.n_cities else rng.choices(range(self.n_cities), weights)[0]
            ] += 1

        place = ph.PROVINCE["place"]
        prov_names = self._names([(place, "province")], n_prov, rng)
        for k, (name, short, org_short, abbr) in enumerate(prov_names):
            self._inspected(
                name,
                short,
                org_short,
                abbr,
                -1,
                self.province,
                self.province_path,
                1,
                f"p{k + 1:04d}",
                ph.OFFICES_CITY,
            )
        for ci, (c, path, _office, city) in enumerate(self.cities):
            prefixes = [(f"{city}市", "city")] + [
                (f"{city}市{county}", "county") for county in ph.CITIES[ci][1]
            ]
            for k, (name, short, org_short, abbr) in enumerate(self._names(prefixes, per_city[ci], rng)):
                offices = (
                    ph.OFFICES_TOWNSHIP
                    if name.endswith(ph.TOWNSHIP_SUFFIXES)
                    else (ph.OFFICES_CITY if k < len(ph.DEPARTMENTS) else ph.OFFICES_COUNTY)
                )
                self._inspected(
                    name, short, org_short, abbr, ci, c, path, 2, f"{city_code(ci)}u{k + 1:04d}", offices
                )

    @staticmethod
    def _names(prefixes, n, rng):
        """n unit names under these place prefixes: departments first, then townships, then subsidiaries."""
        out = []
        for prefix, level in prefixes:
            for dept, org_short, abbr in ph.DEPARTMENTS:
                if (
                    level == "province"
                    and dept.endswith("局")
                    and dept not in ("统计局", "大数据局", "医疗保障局")
                ):
                    dept = dept[:-1] + "厅"
                out.append((f"{prefix}{dept}", dept, org_short, abbr))
        for prefix, level in prefixes:
            if level == "county":
                for stem in ph.TOWNSHIP_STEMS:
                    suffix = rng.choice(ph.TOWNSHIP_SUFFIXES)
                    org = "街道党工委" if suffix == "街道" else f"{suffix}党委"
                    out.append((f"{prefix}{stem}{suffix}", f"{stem}{suffix}", org, stem))
        head, tail = out[: len(ph.DEPARTMENTS)], out[len(ph.DEPARTMENTS) :]
        rng.shuffle(tail)
        out = head + tail
        extra = ("事务中心", "服务中心", "信息中心", "监督检查支队", "研究院", "发展中心")
        k = 0
        while len(out) < n:
            prefix, _ = prefixes[k % len(prefixes)]
            dept, org_short, abbr = ph.DEPARTMENTS[(k // len(prefixes)) % len(ph.DEPARTMENTS)]
            sub = extra[(k // (len(prefixes) * len(ph.DEPARTMENTS))) % len(extra)]
            round_no = k // (len(prefixes) * len(ph.DEPARTMENTS) * len(extra))
            name = f"{prefix}{dept}{sub}" + (f"(第{round_no + 1}分部)" if round_no else "")
            out.append((name, f"{dept}{sub}", "党支部", abbr))
            k += 1
        return out[:n]

    def _inspected(self, name, short, org_short, abbr, ci, committee, parent_path, depth, code, office_names):
        rng = self.rng
        pk = self.ids(Unit)
        path = self._unit_row(
            pk,
            name,
            UnitKind.UNIT,
            parent_path,
            depth,
            short,
            f"中共{name}{org_short}",
            org_short,
            len(self.units),
        )
        unit = OrgUnit(pk, path, name, short, f"中共{name}{org_short}", abbr, ci, committee, code)
        for j, office in enumerate(office_names[: rng.randint(3, min(6, len(office_names)))]):
            o = self.ids(Unit)
            self._unit_row(o, office, UnitKind.OFFICE, path, depth + 1, order=j)
            unit.offices.append(o)
        self.units.append(unit)

    def _users(self) -> None:
        rng = self.rng
        User = get_user_model()
        password = make_password(PASSWORD)
        joined = self.now - dt.timedelta(days=900)
        users: list[tuple] = []
        members: list[tuple] = []

        def user(username, name, unit, role, title="", first=False):
            pk = self.ids(User)
            users.append(
                (
                    pk,
                    password,
                    None,
                    False,
                    username,
                    name,
                    "",
                    f"{username}@synth.example",
                    False,
                    True,
                    joined,
                )
            )
            members.append((self.ids(Membership), pk, unit, role, title, first, self.now, self.now))
            return pk

        self.province_office_users = [
            user(
                f"syn-sheng-xcb{i + 1}",
                text.person(rng),
                self.province_office,
                Role.INSPECTION_OFFICE,
                "督查员",
            )
            for i in range(3)
        ]
        self.city_office_users = [
            [
                user(
                    f"syn-{city_code(ci)}-xcb{i + 1}",
                    text.person(rng),
                    office,
                    Role.INSPECTION_OFFICE,
                    "督查员",
                )
                for i in range(2)
            ]
            for ci, (_c, _p, office, _n) in enumerate(self.cities)
        ]
        for unit in self.units:
            title = rng.choice(ph.LEADER_TITLES)
            unit.leader_name, unit.leader_title = text.person(rng), title
            unit.leader = user(
                f"syn-{unit.code}-leader", unit.leader_name, unit.pk, Role.UNIT_LEADER, title, True
            )
            for i in range(rng.choice((1, 1, 2))):
                name, dtitle = text.person(rng), rng.choice(ph.DEPUTY_TITLES)
                pk = user(f"syn-{unit.code}-deputy{i + 1}", name, unit.pk, Role.UNIT_LEADER, dtitle)
                unit.deputies.append((pk, name, dtitle))
            unit.liaison = user(
                f"syn-{unit.code}-liaison", text.person(rng), unit.pk, Role.UNIT_LIAISON, "整改联络员"
            )
            for j, office in enumerate(unit.offices):
                name = text.person(rng)
                unit.clerks[office] = (
                    user(f"syn-{unit.code}-o{j + 1}", name, office, Role.OFFICE_CLERK, "经办人"),
                    name,
                )
        self.user_rows, self.member_rows = users, members
        self.user_factory = user
