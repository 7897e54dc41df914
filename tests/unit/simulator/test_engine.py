from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from soulbond.simulator import kernels, knowledge, population, runner, streams, summary
from soulbond.simulator import step as step_module
from soulbond.simulator.config import MAX_AGE, SimulationConfig
from soulbond.simulator.kinds import UNIQUE_MASK
from soulbond.simulator.knowledge import UNKNOWN_AGE
from soulbond.simulator.step import POISSON_STEPS, TAIL_STEPS, Laws, new_state, step
from tests.unit.simulator.factories import make_config


def _people(folder: Path) -> pa.Table:
    return pa.concat_tables([pq.read_table(p) for p in sorted(folder.glob("people/*.parquet"))])


def test_the_same_seed_gives_bit_identical_tables(tmp_path: Path) -> None:
    config = make_config()
    runner.run(config, 3, tmp_path / "a")
    runner.run(config, 3, tmp_path / "b")
    for name in ("people/part-00000.parquet", "yearly.parquet", "identified_by_age.parquet"):
        assert pq.read_table(tmp_path / "a/seed=3" / name).equals(pq.read_table(tmp_path / "b/seed=3" / name))


def test_different_seeds_give_different_lives(tmp_path: Path) -> None:
    config = make_config()
    runner.replicate(config, [1, 2], tmp_path)
    assert not _people(tmp_path / "seed=1").equals(_people(tmp_path / "seed=2"))


def test_results_do_not_depend_on_how_the_pairs_are_sharded(tmp_path: Path) -> None:
    config = make_config()
    whole = runner.run(config, 5, tmp_path / "whole", shard_pairs=1_000)
    sharded = runner.run(config, 5, tmp_path / "sharded", shard_pairs=37)
    assert _people(tmp_path / "whole/seed=5").equals(_people(tmp_path / "sharded/seed=5"))
    assert np.array_equal(whole.yearly, sharded.yearly)
    assert np.array_equal(whole.candidates_by_age, sharded.candidates_by_age)


def test_candidate_counts_equal_a_brute_force_count_of_everyone_who_fits() -> None:
    config = make_config(size=600, years=25)
    people = population.build(config, 9, 0, 300)
    census = runner.census_of(config, 9, runner.shards(config))
    state = new_state(config, people)
    laws = Laws.of(config)
    for year in range(config.start_year, config.start_year + config.years):
        step(state, laws, census, year)
    unidentified = np.flatnonzero((state.candidates > 0) & (state.identified < 0))
    identified = np.flatnonzero(state.identified >= 0)
    assert unidentified.size > 10
    for finder in [*unidentified[:40], *identified[:20]]:
        partner = finder ^ 1
        known = int(state.known[finder])
        # Everyone alive at the latest arrival and born by the first, as the core's AliveAround says.
        fits = (people.dies >= state.last_arrival[finder]) & (people.born <= state.first_arrival[finder])
        for column in range(people.traits.shape[1]):
            if known & (1 << column):
                fits &= people.traits[:, column] == people.traits[partner, column]
        within = int(state.age_within[finder])
        if within != UNKNOWN_AGE:
            fits &= np.abs(people.born - people.born[partner]) <= within
        fits[finder] = False
        expected = 1 if known & UNIQUE_MASK else int(fits.sum())
        if state.identified[finder] >= 0:
            assert expected == 1
        else:
            assert expected == state.candidates[finder]


def test_the_dead_and_the_unborn_lose_nothing_and_nothing_travels_without_a_bond() -> None:
    config = make_config(size=600, years=25)
    people = population.build(config, 9, 0, 300)
    census = runner.census_of(config, 9, runner.shards(config))
    state = new_state(config, people)
    laws = Laws.of(config)
    for year in range(config.start_year, config.start_year + config.years):
        lost_before, received_before = state.lost.sum(axis=1), state.received.sum(axis=1)
        alive = (people.born <= year) & (people.dies >= year)
        active = np.repeat(alive[0::2] & alive[1::2] & (state.severed < 0) & (state.widowed < 0), 2)
        step(state, laws, census, year)
        assert not (state.lost.sum(axis=1) - lost_before)[~alive].any()
        received_now = state.received.sum(axis=1) - received_before
        assert not received_now[~active].any()
        partner_lost = (state.lost.sum(axis=1) - lost_before)[np.arange(people.size) ^ 1]
        # In the year its severance takes effect, what is lost after that moment stays.
        whole_year = active & np.repeat(state.severed != year, 2)
        assert np.array_equal(received_now[whole_year], partner_lost[whole_year])
        assert (received_now[active] <= partner_lost[active]).all()


def test_the_census_search_finds_what_a_binary_search_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(knowledge, "SMALL_KEYS", 0)  # the two-level search, as on millions of keys
    config = make_config(size=6_000, years=10)
    census = runner.census_of(config, 4, runner.shards(config))
    rank = census.ranked
    real = rank.keys
    needles = np.concatenate([real[::7], real[::11] + 1, real[::13] - 1, [real[0] - 5, real[-1] + 5]])
    lo, hi = rank.search(needles, right=False), rank.search(needles, right=True)
    assert np.array_equal(lo, np.searchsorted(real, needles, side="left"))
    assert np.array_equal(hi, np.searchsorted(real, needles, side="right"))


@pytest.mark.parametrize("compiled", [True, False])
def test_loss_counts_read_off_thresholds_equal_the_poisson_inverse_cdf(
    compiled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(step_module, "COMPILED", compiled)
    # Careless enough that many people pass the first table, some the tail table too.
    config = make_config(size=4_000, years=5, carefulness={"median": 4.0, "sigma": 1.2, "max": 80.0})
    people = population.build(config, 2, 0, config.population.size // 2)
    state = new_state(config, people)
    year = config.start_year
    counts = step_module._losses(state, year)
    m = streams.top32(streams.bits_at(state.stream, year, streams.Purpose.LOSSES))
    expected = streams.poisson(np.asarray(m, dtype=np.float64) * 2.0**-32, people.carefulness)
    assert np.array_equal(counts[state.alive], expected[state.alive])
    assert not counts[~state.alive].any()
    assert counts.max() > step_module.POISSON_STEPS + step_module.TAIL_STEPS


@pytest.mark.parametrize("search", ["binary", "two-level", "argsorted"])
def test_the_census_counts_every_subset_as_a_brute_force_count_does(
    monkeypatch: pytest.MonkeyPatch, search: str
) -> None:
    if search == "two-level":
        monkeypatch.setattr(knowledge, "SMALL_KEYS", 0)
    if search == "argsorted":  # keys too wide to sort with the death year below them
        monkeypatch.setattr(knowledge, "PACKED_SPACE", 0)
    config = make_config(size=800, years=12)
    people = population.build(config, 6, 0, 400)
    census = runner.census_of(config, 6, runner.shards(config))
    first, _ = population.birth_range(config)
    # The earliest born with the commonest values sit at the very start of a subset's keys.
    partners = np.unique(
        np.concatenate(
            [
                np.argsort(people.born)[:6],
                np.flatnonzero(people.traits.sum(1) == 0)[:6],
                np.arange(0, 800, 37),
            ]
        )
    )
    for mask in knowledge.knowable_masks(config):
        for year in (config.start_year, config.start_year + 7):
            born = people.born[partners]
            # Anyone born up to now, and the partner's age give or take a year.
            for low, high in ((np.full_like(born, first), np.full_like(born, year)), (born - 1, born + 1)):
                high = np.minimum(high, year)
                finders = partners ^ 1
                masks = np.full(partners.shape[0], mask, dtype=np.int64)
                where = census.locate(
                    masks, people.traits[partners], low, high, people.traits[finders], people.born[finders]
                )
                counted = census.living(year, masks, where)
                for row, partner in enumerate(partners):
                    if not people.born[finders[row]] <= year <= people.dies[finders[row]]:
                        continue  # only the living find things and are recounted
                    fits = (people.born >= low[row]) & (people.born <= high[row]) & (people.dies >= year)
                    for column in range(people.traits.shape[1]):
                        if mask & (1 << column):
                            fits &= people.traits[:, column] == people.traits[partner, column]
                    fits[finders[row]] = False
                    assert counted[row] == fits.sum(), (mask, year, int(partner))


def test_each_loss_is_drawn_from_the_mix_of_the_losers_age_that_year() -> None:
    config = make_config(size=2_000, years=12)
    people = population.build(config, 4, 0, 1_000)
    census = runner.census_of(config, 4, runner.shards(config))
    state = new_state(config, people)
    laws = Laws.of(config)
    for year in range(config.start_year, config.start_year + config.years):
        before = state.lost.copy()
        step(state, laws, census, year)
        lost = state.lost - before
        ages = year - people.born
        for age in np.unique(ages[lost.sum(axis=1) > 0]):
            impossible = np.asarray(config.loss_weights_at(int(age))) == 0
            assert not lost[ages == age][:, impossible].any(), f"age {age} lost a kind its mix never draws"
    kinds = list(config.items)
    assert state.lost[:, kinds.index("toy")].sum() > 0
    assert state.lost[:, kinds.index("interview_folder")].sum() > 0


def test_people_born_during_the_run_appear_in_their_birth_year(tmp_path: Path) -> None:
    config = make_config(
        size=400,
        years=20,
        population={
            **make_config().population.model_dump(),
            "age_pyramid": [{"ages": [-15, 0], "weight": 1}],
        },
    )
    runner.run(config, 2, tmp_path)
    table = _people(tmp_path / "seed=2")
    born = table["born"].to_numpy()
    assert born.min() >= config.start_year
    assert (born > config.start_year + 5).any()
    first = table["first_arrival"].to_numpy(zero_copy_only=False)
    partner_born = born.reshape(-1, 2)[:, ::-1].reshape(-1)
    arrived = ~np.isnan(first.astype(float))
    assert (first[arrived] >= np.maximum(born, partner_born)[arrived]).all()


def _severed_years(tmp_path: Path, **foundation: float) -> npt.NDArray[np.float64]:
    rates = {"application_rate": 1.0, "approval": 1.0, "cooling_off_days": 30, **foundation}
    config = make_config(size=400, years=3, foundation=rates)
    runner.run(config, 6, tmp_path)
    table = _people(tmp_path / "seed=6")
    bonded = (table["born"].to_numpy() <= config.start_year).reshape(-1, 2).all(axis=1)
    years = table["severed_year"].to_numpy(zero_copy_only=False)[0::2].astype(float)
    return np.asarray(years[bonded], dtype=np.float64)


def test_a_severance_takes_effect_when_its_cooling_off_ends_even_the_next_year(tmp_path: Path) -> None:
    # Applied against and approved in the first year, at some moment in it.
    short = _severed_years(tmp_path / "short", cooling_off_days=0)
    assert (short == 2000).all()
    # With 300 days to cool off, only those decided in the year's first ~65 days are severed in it.
    long = _severed_years(tmp_path / "long", cooling_off_days=300)
    assert 0.1 < np.mean(long == 2000) < 0.3
    later = long[long != 2000]
    # The rest take effect the next year, unless a death widowed the bond first (the case lapses).
    assert np.mean(later == 2001) > 0.95
    assert ((later == 2001) | np.isnan(later)).all()


def test_withdrawals_and_appeals_decide_which_approvals_end_in_severance(tmp_path: Path) -> None:
    assert np.isnan(_severed_years(tmp_path / "withdrawn", withdrawal=1.0)).all()
    # Every decision refused, and every one turned over on appeal.
    overturned = _severed_years(
        tmp_path / "appealed", approval=0.0, appeal=1.0, appeal_reversal=1.0, cooling_off_days=0
    )
    assert (overturned == 2000).all()
    upheld = _severed_years(tmp_path / "upheld", approval=0.0, appeal=1.0, appeal_reversal=0.0)
    assert np.isnan(upheld).all()


def test_what_is_lost_after_the_severance_takes_effect_stays_where_it_fell(tmp_path: Path) -> None:
    # Every bond is severed at a moment spread evenly over the one year: about half its losses travel.
    rates = {"application_rate": 1.0, "approval": 1.0, "cooling_off_days": 0}
    config = make_config(size=2_000, years=1, foundation=rates)
    runner.run(config, 8, tmp_path)
    table = _people(tmp_path / "seed=8")
    bonded = np.repeat((table["born"].to_numpy() <= config.start_year).reshape(-1, 2).all(axis=1), 2)
    received = table["items_received"].to_numpy()[bonded].sum()
    lost = table["items_lost"].to_numpy()[bonded].sum()
    assert lost > 500
    assert 0.4 < received / lost < 0.6


def test_the_compiled_loop_and_the_numpy_passes_give_bit_identical_years(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rates = {"application_rate": 0.05, "approval": 0.6, "cooling_off_days": 200, "withdrawal": 0.2}
    # Careless enough that some counts run past every threshold and step through the CDF.
    careless = {"median": 3.0, "sigma": 1.5, "max": 80.0}
    config = make_config(size=1_200, years=25, foundation=rates, carefulness=careless)
    census = runner.census_of(config, 3, runner.shards(config))
    states = []
    for compiled in (True, False):
        monkeypatch.setattr(step_module, "COMPILED", compiled)
        state = new_state(config, population.build(config, 3, 0, 600))
        laws = Laws.of(config)
        for year in range(config.start_year, config.start_year + config.years):
            step(state, laws, census, year)
        states.append(state)
    fast, plain = states
    assert fast.lost.sum() > 1_000 and (fast.severed >= 0).any()
    assert (fast.lost.sum(axis=1) > (POISSON_STEPS + TAIL_STEPS) * config.years).any()
    for name in ("lost", "sent", "known", "age_within", "first_arrival", "last_arrival", "candidates"):
        assert np.array_equal(getattr(fast, name), getattr(plain, name)), name
    for name in (
        "identified",
        "identified_knowing",
        "count_bin",
        "by_birth",
        "located_known",
        "located_within",
    ):
        assert np.array_equal(getattr(fast, name), getattr(plain, name)), name
    for name in ("lo", "hi", "fits"):
        assert np.array_equal(getattr(fast.located, name), getattr(plain.located, name)), name
    for name in ("identified", "severed", "widowed", "yearly", "candidates_by_age"):
        assert np.array_equal(getattr(fast, name), getattr(plain, name)), name


def _fated(size: int = 400, years: int = 30, share: float = 0.5, rate: float = 0.05) -> SimulationConfig:
    base = make_config().population.model_dump()
    pyramid = [{"ages": [-20, 0], "weight": 0.5}, {"ages": [1, 60], "weight": 0.5}]
    return make_config(
        size=size,
        years=years,
        population={**base, "age_pyramid": pyramid, "born_unpaired": share, "fate_pairing": rate},
    )


def test_with_people_born_unpaired_results_still_do_not_depend_on_the_sharding(tmp_path: Path) -> None:
    config = _fated()
    whole = runner.run(config, 5, tmp_path / "whole", shard_pairs=1_000)
    sharded = runner.run(config, 5, tmp_path / "sharded", shard_pairs=37)
    table = _people(tmp_path / "whole/seed=5")
    assert table.equals(_people(tmp_path / "sharded/seed=5"))
    assert np.array_equal(whole.yearly, sharded.yearly)
    assert 0.4 < table["born_unpaired"].to_numpy().mean() < 0.6


def test_nothing_travels_to_or_from_someone_born_unpaired_before_fate_pairs_them(tmp_path: Path) -> None:
    config = _fated(size=2_000)
    end = config.start_year + config.years - 1
    runner.run(config, 4, tmp_path)
    table = _people(tmp_path / "seed=4")
    unpaired = table["born_unpaired"].to_numpy()
    paired = table["paired_year"].to_numpy(zero_copy_only=False).astype(float)
    first = table["first_arrival"].to_numpy(zero_copy_only=False).astype(float)
    arrived = ~np.isnan(first)
    # Fate paired some of them during the run; nothing arrived before it did.
    assert (paired[unpaired] > config.start_year).sum() > 50
    assert (first[arrived & unpaired] >= paired[arrived & unpaired]).all()
    # Those fate had not paired by the end received nothing and are listed as unpaired.
    never = unpaired & np.isnan(paired)
    assert never.sum() > 20
    assert (table["items_received"].to_numpy()[never] == 0).all()
    bond = np.asarray(table["bond"].to_pylist())
    assert set(bond[never]) <= {"unpaired", "never"}
    assert np.isnan(paired[~unpaired]).all()
    assert (paired[unpaired & ~np.isnan(paired)] <= end).all()


def test_a_larger_share_born_unpaired_keeps_the_smaller_shares_pairs_and_everyone_elses_draws() -> None:
    smaller = population.build(_fated(share=0.2), 2, 0, 200)
    larger = population.build(_fated(share=0.5), 2, 0, 200)
    none = population.build(_fated(share=0.0), 2, 0, 200)
    assert none.fated.size == 0 < smaller.fated.size < larger.fated.size
    assert set(smaller.fated.tolist()) <= set(larger.fated.tolist())
    assert np.array_equal(smaller.born, none.born)
    assert np.array_equal(smaller.carefulness, none.carefulness)
    assert np.array_equal(smaller.traits, none.traits)


@pytest.mark.parametrize("size", [5_000, (1 << 18) + 64 * 37, (1 << 19) + 64 * 37])
def test_the_compiled_census_search_finds_what_numpy_finds(size: int) -> None:
    """Small indexes are searched directly, larger ones through one or two levels of samples."""
    rng = np.random.default_rng(5)
    keys = np.sort(rng.integers(0, 1 << 20, size=size, dtype=np.int64))
    sample = keys[::64].copy()
    top = sample[::64].copy()
    needles = np.concatenate(
        [rng.integers(-5, (1 << 20) + 5, size=2_000), keys[rng.integers(0, keys.size, 500)]]
    )
    for right, side in ((False, "left"), (True, "right")):
        found = kernels._search_many(keys, sample, top, needles, right)
        assert np.array_equal(found, np.searchsorted(keys, needles, side=side))


def test_the_compiled_popcount_counts_what_numpy_counts() -> None:
    words = np.random.default_rng(6).integers(0, 2**63, size=200, dtype=np.int64).astype(
        np.uint64
    ) * np.uint64(3)
    assert [kernels._popcount(w) for w in words] == np.bitwise_count(words).tolist()


def test_the_compiled_summary_counts_what_the_numpy_passes_count(monkeypatch: pytest.MonkeyPatch) -> None:
    config = _fated(size=2_000, years=40)
    census = runner.census_of(config, 3, runner.shards(config))
    state = new_state(config, population.build(config, 3, 0, 1_000))
    laws = Laws.of(config)
    for year in range(config.start_year, config.start_year + config.years):
        step(state, laws, census, year)
    fast = summary.summarise(config, state)
    monkeypatch.setattr(summary, "COMPILED", False)
    plain = summary.summarise(config, state)
    assert fast.identified_by_age.sum() > 0 and fast.received_per_lifetime.sum() > 0
    for name in (
        "yearly",
        "candidates_by_age",
        "observed_at_age",
        "identified_by_age",
        "received_per_lifetime",
    ):
        assert np.array_equal(getattr(fast, name), getattr(plain, name)), name


@pytest.mark.parametrize("bits", [0, 1, 11, 12, 37, 62])
@pytest.mark.parametrize("size", [0, 1, 2, 4_099])
def test_the_radix_sort_orders_keys_as_numpy_sorts_them(bits: int, size: int) -> None:
    """Keys as wide as a census's, with ties, and digits every key shares (which it skips)."""
    rng = np.random.default_rng(bits * 10_000 + size)
    keys = rng.integers(0, 1 << bits, size=size, dtype=np.int64) if bits else np.zeros(size, np.int64)
    keys[: size // 3] = keys[size // 2 : size // 2 + size // 3]  # ties
    got = keys.copy()
    kernels.sort_keys(got, np.empty_like(got))
    assert np.array_equal(got, np.sort(keys))
    # By all but the low bits: values equal but for them keep their order.
    got = keys.copy()
    kernels.sort_keys(got, np.empty_like(got), 7)
    assert np.array_equal(got, keys[np.argsort(keys >> 7, kind="stable")])


def test_tallies_are_narrow_only_where_no_one_can_lose_more_than_they_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lifetime = MAX_AGE + 1
    assert step_module.tally_dtype(np.asarray([0.1, 24.0]), lifetime) is np.int16
    assert step_module.tally_dtype(np.asarray([365.0]), lifetime) is np.int32
    assert step_module.tally_dtype(np.asarray([365.0]), 20) is np.int16
    config = make_config(size=600, years=30)
    runner.run(config, 4, tmp_path / "narrow")
    monkeypatch.setattr(step_module, "tally_dtype", lambda rate, years: np.int32)
    runner.run(config, 4, tmp_path / "wide")
    narrow, wide = _people(tmp_path / "narrow/seed=4"), _people(tmp_path / "wide/seed=4")
    assert narrow.equals(wide) and narrow.schema.equals(wide.schema)
    assert pq.read_table(tmp_path / "narrow/seed=4/received_per_lifetime.parquet").equals(
        pq.read_table(tmp_path / "wide/seed=4/received_per_lifetime.parquet")
    )


@pytest.mark.parametrize("size", [0, 1, 2, 3, 17, 64, 100])
def test_the_grouped_binary_search_finds_what_numpy_finds_in_any_number_of_keys(size: int) -> None:
    """Needles step together a halving at a time, so every length must end on the answer."""
    rng = np.random.default_rng(size)
    keys = np.sort(rng.integers(0, 50, size=size, dtype=np.int64))
    needles = rng.integers(-2, 53, size=101, dtype=np.int64)  # not a whole number of groups
    for right, side in ((False, "left"), (True, "right")):
        found = np.empty(needles.shape[0], dtype=np.int64)
        kernels._search_all(keys, needles, found, right)
        assert np.array_equal(found, np.searchsorted(keys, needles, side=side))


def test_the_compiled_age_table_search_finds_what_numpy_finds() -> None:
    """Death ages: a cumulative hazard that ends in infinities, searched for ties and past its end."""
    edges = np.concatenate([np.cumsum(np.full(30, 0.01)), np.full(5, np.inf)])
    values = np.concatenate(
        [np.random.default_rng(8).exponential(0.2, 500), edges[:30], [0.0, -1.0, np.inf, 1e308]]
    )
    assert np.array_equal(kernels.first_reaching(edges, values), np.searchsorted(edges, values, side="left"))


def test_the_compiled_thresholds_are_numpys_a_row_per_person() -> None:
    """From the careful to the most careless a config allows, where the CDF rounds to 1."""
    rate = np.concatenate([np.geomspace(1e-4, 365.0, 2_000), [0.8, 24.0, 365.0]])
    steps = POISSON_STEPS + TAIL_STEPS
    rows = kernels.poisson_rows(np.exp(-rate), rate, 0, steps)
    assert np.array_equal(rows, step_module.poisson_thresholds(rate, steps).T)
    tail = kernels.poisson_rows(np.exp(-rate), rate, POISSON_STEPS, steps)
    assert np.array_equal(tail, rows[:, POISSON_STEPS:])
    assert (rows[:, -1] == step_module.NEVER_LOSES).any()
