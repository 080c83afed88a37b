"""RothC-26.3: turnover against the rate constants, and the steady state against its fixed point."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mrv.tools.rothc import (
    RATES,
    Pools,
    climate_rate,
    moisture_modifier,
    partition,
    run,
    temperature_modifier,
)

FIELDS = 3


def constant(value, months):
    return np.full((months, FIELDS), value, dtype=np.float64)


def empty_pools(**values):
    zero = np.zeros(FIELDS)
    return (
        Pools(
            **{
                name: np.full(FIELDS, values.get(name, 0.0))
                for name in ("dpm", "rpm", "bio", "hum", "iom")
            }
        )
        if values
        else Pools(zero, zero, zero, zero, zero)
    )


def climate(months, temperature=15.0, rain=80.0, evaporation=40.0, covered=True):
    return {
        "temperature": constant(temperature, months),
        "rain": constant(rain, months),
        "evaporation": constant(evaporation, months),
        "covered": np.full((months, FIELDS), covered),
        "clay": np.array([10.0, 25.0, 40.0]),
        "depth": np.full(FIELDS, 23.0),
        "dpm_rpm_ratio": np.full(FIELDS, 1.44),
    }


def test_modifiers():
    # a at 15 °C from 47.91 / (1 + exp(106.06 / 33.27)); nothing decomposes below -5 °C
    assert temperature_modifier(np.array([15.0]))[0] == pytest.approx(
        47.91 / (1 + np.exp(106.06 / 33.27)), rel=1e-15
    )
    assert temperature_modifier(np.array([-6.0, -5.0]))[0] == 0.0
    b, deficit = moisture_modifier(
        np.zeros(1),
        np.array([80.0]),
        np.array([40.0]),
        np.array([25.0]),
        np.array([23.0]),
        np.array([True]),
    )
    assert (b[0], deficit[0]) == (1.0, 0.0)  # wetter than field capacity: no deficit
    co2, bio, hum = partition(np.array([25.0]))
    assert co2 + bio + hum == pytest.approx(1.0)
    assert bio / (bio + hum) == pytest.approx(0.46)


@pytest.mark.parametrize("pool", ["dpm", "rpm", "bio", "hum"])
def test_one_month_turnover_follows_the_rate_constant(pool):
    """With no inputs, a lone pool keeps exp(-a b c k / 12) of its carbon (plus what it feeds itself)."""
    weather = climate(1)
    start = empty_pools(**{pool: 10.0})
    final, _, _ = run(start, constant(0.0, 1), constant(0.0, 1), **weather)
    rate = temperature_modifier(15.0) * 1.0 * 0.6 / 12  # b = 1 (wet), c = 0.6 (covered)
    kept = 10.0 * np.exp(-rate * RATES[pool])
    lost = 10.0 - kept
    _, bio_share, hum_share = partition(weather["clay"])
    expected = kept + lost * (bio_share if pool == "bio" else hum_share if pool == "hum" else 0.0)
    assert getattr(final, pool) == pytest.approx(expected, rel=1e-12)


def steady_state(plant, a, c, clay, ratio):
    """Fixed point of the monthly map with constant inputs, solved as a linear system.

    Inputs are added after decay, so a fresh pool settles at P = I / (1 - e) and releases
    (1 - e) P = I a month: at steady state everything added decomposes. BIO and HUM then solve
    X = e_X X + s_X (I + (1 - e_B) BIO + (1 - e_H) HUM) for X in (BIO, HUM).
    """
    e = {name: np.exp(-a * c * k / 12) for name, k in RATES.items()}
    _, bio_share, hum_share = partition(clay)
    dpm = ratio / (1 + ratio) * plant / (1 - e["dpm"])
    rpm = 1 / (1 + ratio) * plant / (1 - e["rpm"])
    matrix = np.array(
        [
            [(1 - e["bio"]) * (1 - bio_share), -bio_share * (1 - e["hum"])],
            [-hum_share * (1 - e["bio"]), (1 - e["hum"]) * (1 - hum_share)],
        ]
    )
    bio, hum = np.linalg.solve(matrix, np.array([bio_share * plant, hum_share * plant]))
    return dpm, rpm, bio, hum


@settings(max_examples=4, deadline=None)
@given(st.floats(0.05, 0.5), st.floats(15.0, 25.0), st.floats(5.0, 60.0))
def test_constant_inputs_reach_the_analytic_steady_state(plant, temperature, clay):
    a = temperature_modifier(temperature)
    years = int(25 / (a * 0.6 * RATES["hum"])) + 1  # 25 time constants of HUM, the slowest pool
    months = 12 * years
    weather = climate(months, temperature=temperature)
    weather["clay"] = np.full(FIELDS, clay)
    final, totals, _ = run(empty_pools(), constant(plant, months), constant(0.0, months), **weather)
    dpm, rpm, bio, hum = steady_state(plant, a, 0.6, clay, 1.44)
    assert final.dpm == pytest.approx(dpm, rel=1e-9)
    assert final.rpm == pytest.approx(rpm, rel=1e-9)
    assert final.bio == pytest.approx(bio, rel=1e-6)
    assert final.hum == pytest.approx(hum, rel=1e-6)
    assert (
        np.abs(totals[-1] - totals[-13]).max() < 1e-6 * hum.max()
    )  # a year changes nothing any more


def test_fields_are_independent_and_vectorised():
    months = 24
    weather = climate(months)
    together, _, _ = run(
        empty_pools(dpm=1.0, hum=30.0, iom=3.0),
        constant(0.2, months),
        constant(0.05, months),
        **weather,
    )
    for field in range(FIELDS):
        alone = {
            key: (value[..., field : field + 1] if isinstance(value, np.ndarray) else value)
            for key, value in weather.items()
        }
        single = Pools(
            *(
                np.array([getattr(empty_pools(dpm=1.0, hum=30.0, iom=3.0), name)[field]])
                for name in ("dpm", "rpm", "bio", "hum", "iom")
            )
        )
        final, _, _ = run(
            single, constant(0.2, months)[:, :1], constant(0.05, months)[:, :1], **alone
        )
        assert final.total[0] == pytest.approx(together.total[field], rel=1e-12)


def test_equilibrium_is_the_limit_of_repeating_the_year():
    """The exact fixed point equals the official spin-up: repeat the year until nothing changes."""
    from mrv.tools.rothc import equilibrium

    weather = climate(12, temperature=15.0, rain=60.0, evaporation=70.0)
    weather["covered"][:4] = False  # bare in winter: the moisture deficit cycles
    plant = constant(0.0, 12)
    plant[8] = 2.0  # harvest residues in September [t C/ha]
    manure = constant(0.0, 12)
    manure[3] = 0.5
    iom = np.full(FIELDS, 2.0)
    pools, deficit = equilibrium(plant, manure, iom=iom, **weather)
    state, swc = Pools(*(np.zeros(FIELDS),) * 4, iom), deficit
    for _ in range(3000):
        state, _, swc = run(state, plant, manure, deficit=swc, **weather)
    assert pools.total == pytest.approx(state.total, rel=1e-9)


def test_equilibrium_total_for_a_documented_input_rate():
    """1 t C/ha/yr of crop residues, constant climate: total SOC = analytic fixed point + IOM."""
    from mrv.tools.rothc import equilibrium, inert_organic_matter

    weather = climate(12, temperature=15.0)
    plant = constant(1.0 / 12, 12)
    iom = inert_organic_matter(np.full(FIELDS, 40.0), 0.049, 1.139)
    pools, _ = equilibrium(plant, constant(0.0, 12), iom=iom, **weather)
    a = temperature_modifier(15.0)
    for field, clay in enumerate(weather["clay"]):
        dpm, rpm, bio, hum = steady_state(1.0 / 12, a, 0.6, clay, 1.44)
        assert pools.total[field] == pytest.approx(dpm + rpm + bio + hum + iom[field], rel=1e-9)
    assert iom[0] == pytest.approx(0.049 * 40.0**1.139, rel=1e-12)


def test_a_climate_rate_computed_once_gives_the_same_run():
    """Passing climate_rate (a · c / 12) computed ahead changes nothing, bit for bit."""
    months = 12
    weather = climate(months, temperature=8.0, rain=30.0, evaporation=90.0)
    weather["temperature"] = weather["temperature"] + np.arange(months)[:, None] - 6.0
    weather["covered"] = np.isin(np.arange(1, months + 1), (5, 6, 7, 8, 9))[:, None] & np.ones(
        FIELDS, dtype=bool
    )
    pools = empty_pools(dpm=0.5, rpm=4.0, bio=1.0, hum=30.0, iom=3.0)
    inputs = (constant(0.2, months), constant(0.05, months))
    rate = climate_rate(weather["temperature"], weather["covered"])
    # temperatures 2, 3, ... 13 degC; January bare, June covered
    assert rate[0] == pytest.approx(temperature_modifier(np.full(FIELDS, 2.0)) / 12)
    assert rate[5] == pytest.approx(0.6 * temperature_modifier(np.full(FIELDS, 7.0)) / 12)
    given_rate = run(pools, *inputs, **weather, rate=rate)
    computed = run(pools, *inputs, **weather)
    assert np.array_equal(given_rate[1], computed[1])
    assert np.array_equal(given_rate[2], computed[2])
