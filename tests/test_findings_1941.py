"""The findings of the fidelity audit of the 1941 records (issue 19,
``../shared/audit/fidelity-1941.md``), one test per corrected finding, named by its id, so
that a later edit cannot bring a fixed error back. Each test quotes the source line."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import DATA

from battles import loading
from battles.figures import format_value
from battles.model import Commander, Record, Unit


@pytest.fixture(scope="module")
def records() -> dict[str, Record]:
    dataset = loading.load([DATA])
    return {key: entry.record for key, entry in dataset.by_id().items()}


def _units(units: tuple[Unit, ...]) -> Iterator[Unit]:
    for unit in units:
        yield unit
        yield from _units(unit.units)


def _commanders(commanders: tuple[Commander, ...]) -> Iterator[Commander]:
    for commander in commanders:
        yield commander
        yield from _commanders(commander.subordinates)


def unit(record: Record, name: str) -> Unit:
    found = [u for side in record.sides for u in _units(side.units) if u.name == name]
    assert len(found) == 1, name
    return found[0]


def commander(record: Record, name: str) -> Commander:
    found = [c for side in record.sides for c in _commanders(side.commanders) if c.name == name]
    assert len(found) == 1, name
    return found[0]


def side_of(record: Record, side_id: str):  # type: ignore[no-untyped-def]
    found = record.side(side_id)
    assert found is not None, side_id
    return found


def prose(record: Record) -> str:
    """Every prose text of a record, one string, for 'no longer says' checks."""
    parts: list[str] = [record.summary or "", *record.notes]
    parts += [e.text for e in record.events]
    parts += [d.text for d in record.disagreements]
    if record.result is not None:
        parts.append(record.result.note or "")
    for side in record.sides:
        parts.append(side.note or "")
        parts += [c.note or "" for c in _commanders(side.commanders)]
        parts += [c.role or "" for c in _commanders(side.commanders)]
        parts += [u.note or "" for u in _units(side.units)]
        if side.strength is not None:
            parts.append(side.strength.note or "")
        if side.casualties is not None:
            parts.append(side.casualties.note or "")
    for phase in record.phases:
        parts += [phase.summary or "", phase.note or ""]
        if phase.civilians is not None:
            parts.append(phase.civilians.note or "")
    if record.civilians is not None:
        parts.append(record.civilians.note or "")
    return "\n".join(" ".join(p.split()) for p in parts)


def events_citing(record: Record, words: str) -> list[tuple[str, ...]]:
    return [tuple(e.source) for e in record.events if words in " ".join(e.text.split())]


# -- attack-on-krusevac (seed 000) ------------------------------------------------------


def test_k1_only_500_rebels_had_firearms_exactly(records: dict[str, Record]) -> None:
    # seed 000 l.37: "Only 500 rebels were armed with firearms, while other carried melee weapons."
    strength = side_of(records["attack-on-krusevac"], "rebels").strength
    assert strength is not None and strength.note is not None
    assert "Only 500 of the attackers carried firearms" in strength.note
    assert "about 500" not in prose(records["attack-on-krusevac"])


def test_k2_the_infobox_battalion_carries_no_body_figure(records: dict[str, Record]) -> None:
    # seed 000 l.12 (infobox): "** 2nd battalion" (no figure); l.39: "about 350 soldiers
    # belonged to I. Battalion of the 749th Infantry Regiment"
    record = records["attack-on-krusevac"]
    assert unit(record, "2nd battalion").strength is None
    strength = side_of(record, "axis").strength
    garrison = next(p.figure for p in strength.parts if p.label == "town garrison")
    assert garrison.note is not None and "about 350" in garrison.note
    assert "I. Battalion" in garrison.note


def test_k3_no_street_fighting_the_source_does_not_state(records: dict[str, Record]) -> None:
    # seed 000 l.44: "The hardest battle was waged on the first day ... blocked them in three
    # buildings in the town center"
    record = records["attack-on-krusevac"]
    assert "street fighting" not in prose(record)
    assert "three buildings" in (record.summary or "")


def test_k4_pecanac_condemned_his_own_units(records: dict[str, Record]) -> None:
    # seed 000 l.44: "in his appeal to Serbs issued on 24 September, Pećanac condemned his own
    # units that participated in the attack on Kruševac."
    text = prose(records["attack-on-krusevac"])
    assert "appeals to the Serbs against the attackers" not in text
    assert "condemns those of his own units that joined the attack" in text


def test_k6_the_seed_is_cited_for_relief_forces_and_zakic(records: dict[str, Record]) -> None:
    # seed 000 l.14: "unknown number of release forces"; l.11: "... Miloje Zakić"
    record = records["attack-on-krusevac"]
    strength = side_of(record, "axis").strength
    relief = next(p.figure for p in strength.parts if p.label == "relief forces")
    assert "seed" in relief.source
    assert "seed" in commander(record, "Miloje Zakić").source


def test_k8_the_kraljevo_link_and_the_direction_of_attack(records: dict[str, Record]) -> None:
    # seed 000 l.32: "the fall of Kruševac would significantly contribute to the fall of
    # Kraljevo"; l.44: "attacked ... from the direction of Bagdala and Rasina"
    record = records["attack-on-krusevac"]
    assert events_citing(record, "help bring Kraljevo down") == [("seed",)]
    assert events_citing(record, "from the Bagdala and Rasina side") == [("seed",)]


def test_k10_the_dates_cite_their_sources(records: dict[str, Record]) -> None:
    # seed 000 l.6: "Date: 23–27 September 1941"
    record = records["attack-on-krusevac"]
    assert set(record.date_source) == {"seed", "wp", "mirror"}
    assert record.date_text == "23–27 September 1941"


# -- siege-of-kraljevo (seed 001) -------------------------------------------------------


def test_r1_no_unsourced_largest_operation_claim(records: dict[str, Record]) -> None:
    # note l.19: only "the most important battle of the 1941 uprising in Serbia", flagged
    # "better source needed"; seed 001 l.9 only says an Operational Headquarters was set up
    record = records["siege-of-kraljevo"]
    assert "largest operation" not in prose(record)
    assert "Operational Headquarters" in (record.summary or "")


def test_r2_the_jelica_note_cites_the_seed(records: dict[str, Record]) -> None:
    # seed 001 l.13: "encircling Jelica Chetnik Detachment which was almost completely annihilated"
    jelica = unit(records["siege-of-kraljevo"], "Jelica Detachment")
    assert set(jelica.source) == {"seed", "wikisum"}


def test_r3_the_losses_without_figures_cite_their_own_sources(records: dict[str, Record]) -> None:
    # note l.72: "the 31 October attack failed with heavy casualties [S3], [Seed]"
    casualties = side_of(records["siege-of-kraljevo"], "rebels").casualties
    assert casualties is not None
    other = {loss.label: (loss.value, set(loss.source)) for loss in casualties.other}
    value, cites = other["heavy casualties in the failed last attack of 31 October"]
    assert value.is_unknown and cites == {"kiwix", "seed"}
    assert "31 October" not in (casualties.note or "")


def test_r6_mutual_blame_for_the_massacres(records: dict[str, Record]) -> None:
    # seed 001 l.29: "held each other as morally responsible for Kragujevac and Kraljevo
    # massacres while Mihailović decided to resolve the communist question once for all."
    record = records["siege-of-kraljevo"]
    assert events_citing(record, "morally to blame for the Kragujevac and Kraljevo") == [("seed",)]


# -- kraljevo-massacre ------------------------------------------------------------------


def test_m1_the_quota_rule_is_attributed(records: dict[str, Record]) -> None:
    # note l.25: "100 hostages ... for each German soldier killed and 50 for each wounded —
    # a formula attributed to Adolf Hitler [S1], [S2]"
    assert "attributed to Hitler" in (records["kraljevo-massacre"].summary or "")


def test_m2_kraljevo_as_the_base_of_the_troops_from_uzice(records: dict[str, Record]) -> None:
    # note l.47: "Kraljevo is the German base for most of the troops that had pulled back
    # from the Užice region"
    record = records["kraljevo-massacre"]
    assert events_citing(record, "withdrawn from around Užice are based in Kraljevo") == [
        ("killingsites",)
    ]


def test_m3_m4_the_forms_of_the_toll_are_explained(records: dict[str, Record]) -> None:
    # note l.36: '("about 2,190 civilians" in the timeline)'; l.39: "Arithmetic (not a source
    # figure): 1,736 + 19 = 1,755"
    civilians = records["kraljevo-massacre"].civilians
    assert civilians is not None and civilians.killed is not None
    by_text = {e.text: e for e in civilians.killed.estimates}
    exact = by_text["2,190 people in total, almost all of Serbian nationality"]
    assert "about 2,190" in (exact.note or "")
    summed = by_text['1,736 men and 19 women labelled "communist"']
    assert "not a figure any source states" in " ".join((summed.note or "").split())


# -- battle-of-novi-pazar (seed 002) ----------------------------------------------------


def test_n1_all_serbs_over_18_not_only_men(records: dict[str, Record]) -> None:
    # seed 002 l.51: "Mulla Jakub proposed to imprison all Serbs older than 18 years.
    # Ahmetović accepted this proposal with intention to use imprisoned Serbs as hostages"
    record = records["battle-of-novi-pazar"]
    assert "Serb men" not in prose(record)
    assert "imprisoning all Serbs older than 18" in prose(record)


def test_n4_hadziahmetovic_does_what_the_seed_says(records: dict[str, Record]) -> None:
    # seed 002 l.41 (his order that no Serb leave), l.54 (sends for men, makes peace, Raška)
    role = commander(records["battle-of-novi-pazar"], "Aćif Hadžiahmetović").role or ""
    assert "ran the town" not in role
    assert "made peace with the Chetniks on 10 November" in " ".join(role.split())


def test_n5_victims_of_terror_are_not_filed_as_killed(records: dict[str, Record]) -> None:
    # seed 002 l.61: "The victims of terror of the conflicting parties were 115 Serbs and 61 Muslims."
    civilians = records["battle-of-novi-pazar"].civilians
    assert civilians is not None and civilians.killed is None
    [victims] = civilians.other
    assert victims.label == "civilian victims of terror"
    assert [(p.label, format_value(p.figure)) for p in victims.value.parts] == [
        ("Serbs", "115"),
        ("Muslims", "61"),
    ]


def test_n9_n10_sums_and_inferences_are_said_to_be_so(records: dict[str, Record]) -> None:
    # seed 002 l.43: "around 500 ... Around 100 Muslim forces"; l.47: the Partisans "left
    # their positions to fill the gap at Kraljevo" (no time given)
    text = prose(records["battle-of-novi-pazar"])
    assert "600 is their sum" in text
    assert "the seed does not say exactly when they went" in text
    assert "had left for Kraljevo the night before" not in text


def test_n11_the_background_of_the_seed(records: dict[str, Record]) -> None:
    # seed 002 l.28 (6 April), l.32 (Rožaje, Plav, ...), l.36 (front between Raška and
    # Novi Pazar), l.43 (Ibarski Kolašin)
    record = records["battle-of-novi-pazar"]
    dates = {e.date.iso() for e in record.events if e.date is not None}
    assert "1941-04-06" in dates
    for words in (
        "Rožaje, Plav, Gusinje, Tutin and Pešter",
        "between Raška and Novi Pazar",
        "Ibarski Kolašin",
    ):
        assert events_citing(record, words) == [("seed",)], words


# -- battle-of-loznica ------------------------------------------------------------------


def test_l2_the_territory_cites_the_copy_that_gives_it(records: dict[str, Record]) -> None:
    # note l.15: "Loznica, German-occupied territory of Serbia [S2]; "Loznica, Serbia" [S3]"
    assert records["battle-of-loznica"].place.source == ("gutenberg",)


def test_l3_the_gendarmes_as_a_belligerent_of_the_newest_copy(records: dict[str, Record]) -> None:
    # note l.37: "Germany and "Government of National Salvation Serb Gendarmes" [S1]"
    germans = side_of(records["battle-of-loznica"], "germans")
    assert "Government of National Salvation Serb Gendarmes" in germans.belligerents
    assert "sagapedia" in germans.source


def test_l4_l5_the_tronosa_meeting_and_the_run_up(records: dict[str, Record]) -> None:
    # note l.57-67: mobilisation (Aug), Bogatić (10 Aug), 360 fighters (14 Aug), Račić–Jerković
    # agreement, the Tronoša attendees (30 Aug), joint attacks after 31 Aug, Dedijer
    record = records["battle-of-loznica"]
    assert events_citing(record, "Lazar Savić, Ratko Martinović, Nikola Gordić") == [("wp",)]
    assert events_citing(record, "orders Chetnik units to mobilise") == [("wp",)]
    assert events_citing(record, "some 360 fighters in six companies") == [("wikisum",)]
    assert events_citing(record, "agree in writing to fight the occupiers") == [("wikisum",)]
    assert events_citing(record, "the Zajača mine and the village of Zavlaka") == [("wp",)]
    assert events_citing(record, "Dedijer") == [("wikisum",)]


def test_l6_jerkovics_unit_is_a_disagreement(records: dict[str, Record]) -> None:
    # note l.79: "Podrinje Partisans" vs the Mačva Partisan Battalion in the Šabac source
    topics = {d.topic: set(d.source) for d in records["battle-of-loznica"].disagreements}
    assert topics["Jerković's unit"] == {"wikisum", "sr2007-sabac"}


# -- battle-of-krupanj ------------------------------------------------------------------


def test_p1_the_territory_cites_the_russian_article_only(records: dict[str, Record]) -> None:
    # note l.15: "[S2]: "Крупань, Недичевская Сербия" [Krupanj, Nedić's Serbia]"
    assert records["battle-of-krupanj"].place.source == ("ru",)


def test_p2_minics_role_in_the_battle_is_the_russian_articles(records: dict[str, Record]) -> None:
    # note l.25: "headed the Valjevo Partisan Detachment leadership at the 30 August meeting
    # [S1], [S2]; named with Zdravko Jovanović as leading the Valjevo Partisans in the battle [S2]"
    role = " ".join((commander(records["battle-of-krupanj"], "Miloš Minić").role or "").split())
    assert "at the meeting of 30 August" in role
    assert "the Russian article alone" in role


def test_p3_the_points_of_the_mackov_kamen_agreement(records: dict[str, Record]) -> None:
    # note l.46: "new volunteers free to choose Partisans or "military Chetniks"; any government
    # set up in Belgrade in place of the Commissioner administration to be treated as traitorous"
    record = records["battle-of-krupanj"]
    assert events_citing(record, '"military Chetniks"') == [("sh", "ru")]
    assert events_citing(record, "treated as traitorous") == [("sh", "ru")]


# -- capture-of-banja-koviljaca ---------------------------------------------------------


def test_b1_one_unknown_for_all_axis_losses(records: dict[str, Record]) -> None:
    # note l.43: "- **Casualties:** Unknown [S1]"
    casualties = side_of(records["capture-of-banja-koviljaca"], "axis").casualties
    assert casualties is not None
    assert casualties.kinds() == []
    assert casualties.total is not None and casualties.total.is_unknown
    assert casualties.total.text == "Unknown"


def test_b2_batanovics_claim_of_a_decisive_partisan_part(records: dict[str, Record]) -> None:
    # note l.16: "Partisan officer Batanović held that Partisan participation was decisive [S2]"
    topics = {d.topic: d for d in records["capture-of-banja-koviljaca"].disagreements}
    credit = topics["Credit for the victory"]
    assert "Batanović" in credit.text
    assert "wiki2015" in credit.source


def test_b3_b4_b5_mobilisation_axis_grouping_no_spa(records: dict[str, Record]) -> None:
    # note l.50 (mobilisation, [S1], [S2]); l.62 (grouping of Axis units); "spa" in no source
    record = records["capture-of-banja-koviljaca"]
    assert events_citing(record, "orders Chetnik units to mobilise") == [("wp", "wiki2015")]
    assert "cannot be read" in (side_of(record, "axis").note or "")
    assert "spa" not in (record.summary or "")


# -- siege-of-valjevo -------------------------------------------------------------------


def test_v1_v2_the_approximate_start_and_the_inferred_part_of(records: dict[str, Record]) -> None:
    # note l.13: began "око 10. септембар 1941" [around 10 September 1941]; l.15: "Part of |
    # not stated in the saved text"
    record = records["siege-of-valjevo"]
    notes = " ".join(" ".join(n.split()) for n in record.notes)
    assert 'the source says "around 10 September"' in notes
    assert "does not say what the siege was part of" in notes


def test_v3_the_plan_for_a_general_rising(records: dict[str, Record]) -> None:
    # note l.15: "the Chetniks acted under a plan for a mass Serb uprising against the occupier"
    record = records["siege-of-valjevo"]
    assert events_citing(record, "plan for a general Serb rising") == [("sr2007",)]


# -- attack-on-sabac --------------------------------------------------------------------


def test_s1_both_german_strengths_are_kept(records: dict[str, Record]) -> None:
    # note l.73: "**Strength:** Unknown [S1], [S2]; [S3]: garrison of about 1,000"
    strength = side_of(records["attack-on-sabac"], "axis").strength
    assert strength is not None and set(strength.source) == {"wp", "mirror"}
    # The "Unknown" is one of the estimates, with its sources, beside the French figure.
    assert [(format_value(e), e.source) for e in strength.estimates] == [
        ("unknown", ("wp", "mirror")),
        ("~1,000", ("fr",)),
    ]
    assert "say Unknown" in (strength.note or "")


def test_s3_the_342nd_cites_the_french_translation(records: dict[str, Record]) -> None:
    # note l.72: "[S3]: reinforcements of the 342nd Infantry Division and several Ustaše units
    # arrived on 24 September"
    division = unit(records["attack-on-sabac"], "342nd Infantry Division")
    assert set(division.source) == {"wp", "fr"}


def test_s4_jerkovics_unit_as_each_source_names_it(records: dict[str, Record]) -> None:
    # note l.25 and l.98: Mačva Partisan Battalion [S4] vs "Mačvanski or Podrinski" [S1] vs
    # Podrinje Partisans (Loznica)
    record = records["attack-on-sabac"]
    assert "Mačva Partisan Battalion" in (commander(record, "Nebojša Jerković").note or "")
    topics = {d.topic: set(d.source) for d in record.disagreements}
    assert topics["Jerković's unit"] == {"wp", "sr2007", "wikisum-loznica"}


def test_s5_the_camp_photograph_and_the_first_offensive(records: dict[str, Record]) -> None:
    # note l.87: image caption in [S2]; l.88: "[S3] says the German victory marked the start
    # of the first anti-partisan offensive"
    record = records["attack-on-sabac"]
    assert events_citing(record, "internment camp at Šabac") == [("mirror",)]
    assert events_citing(record, "first offensive against the Partisans") == [("fr",)]


def test_s6_the_territory_cites_the_english_article(records: dict[str, Record]) -> None:
    # note l.15: "...(now in Serbia) [S1]; "Šabac, Nedichevsk Serbie" [S3]"
    assert records["attack-on-sabac"].place.source == ("wp",)


def test_s2_rebel_and_axis_losses_are_stated_as_unknown(records: dict[str, Record]) -> None:
    # note l.51: "Unknown heavy casualties of rebels" [S1], [S2]; l.74: "Unknown small
    # casualties" [S1], [S2]: one figure for all losses, kept as the total, not as "other"
    record = records["attack-on-sabac"]
    for side_id, text in (
        ("rebels", "Unknown heavy casualties of rebels"),
        ("axis", "Unknown small casualties"),
    ):
        casualties = side_of(record, side_id).casualties
        assert casualties is not None and casualties.other == ()
        assert casualties.total is not None and casualties.total.is_unknown
        assert (casualties.total.text, set(casualties.total.source)) == (text, {"wp", "mirror"})


# -- operation-uzice --------------------------------------------------------------------


def test_u1_german_and_chetnik_losses_are_stated_as_unknown(records: dict[str, Record]) -> None:
    # note l.43/l.49: "**Casualties:** Unknown [S1], [S2]"
    for side_id in ("germany", "chetniks"):
        casualties = side_of(records["operation-uzice"], side_id).casualties
        assert casualties is not None and casualties.other == ()
        assert casualties.total is not None and casualties.total.is_unknown
        assert set(casualties.source) == {"clateway", "explained"}


def test_u2_about_6700_wounded(records: dict[str, Record]) -> None:
    # note l.55: "4,180 killed; c. 3,800 missing; c. 6,700 wounded"
    topics = {d.topic: d.text for d in records["operation-uzice"].disagreements}
    assert "about 6,700 wounded" in topics["Partisan losses"]


def test_u3_u5_u6_part_of_first_attack_and_the_pursuit(records: dict[str, Record]) -> None:
    # note l.17 (Part of: World War II in Yugoslavia); l.80 ("1 November" vs "night of 1/2
    # November"); l.70 (pursuit toward Ravna Gora); l.71 (turned down: joined the uprising)
    record = records["operation-uzice"]
    assert any("filed under the uprising in Serbia" in " ".join(n.split()) for n in record.notes)
    topics = {d.topic: set(d.source) for d in record.disagreements}
    assert topics["First Chetnik attack on the Partisans"] == {"clateway", "codenames", "wikiwand"}
    assert events_citing(record, "toward Ravna Gora") == [("wikiwand",)]
    assert events_citing(record, "since his forces had joined the uprising") == [("wikiwand",)]


# -- battle-of-kadinjaca ----------------------------------------------------------------


def test_d2_the_captured_materiel_cites_the_german_report(records: dict[str, Record]) -> None:
    # note l.41: "materiel taken by the Germans (German report): one machine gun, 2 light
    # machine guns, one gun with ammunition [S2]"
    record = records["battle-of-kadinjaca"]
    casualties = side_of(record, "partisans").casualties
    assert "machine gun" not in (casualties.note or "")
    assert events_citing(record, "two light machine guns") == [("uzicanstveno",)]


def test_d3_d4_the_place_and_what_the_battle_was_part_of(records: dict[str, Record]) -> None:
    # note l.15: "Kadinjača pass ("prevoj"), 14 km north-west of Užice, western Serbia [S1]";
    # l.16: ""Segment Narodnooslobodilačke borbe" (infobox); the First Enemy Offensive (text)"
    record = records["battle-of-kadinjaca"]
    assert record.place.territory is None
    assert record.place.region == "western Serbia"
    assert "operation-uzice" in record.part_of
    assert "First Enemy Offensive" in records["operation-uzice"].aliases
    assert "Narodnooslobodilačka borba" in record.part_of[-1]
    assert "First Enemy Offensive" not in record.part_of


def test_d6_uzice_held_to_the_end_of_the_war_and_titos_opening(records: dict[str, Record]) -> None:
    # note l.18: "Germans enter Užice and stay there until the end of the war [S2]"; l.64:
    # "Official opening of the completed memorial by Josip Broz (Tito)"
    record = records["battle-of-kadinjaca"]
    assert events_citing(record, "until the end of the war") == [("uzicanstveno",)]
    assert events_citing(record, "opens the finished memorial") == [("wp-village",)]


# -- battle-of-cacak --------------------------------------------------------------------


def test_c1_the_jelica_losses_are_not_the_battles(records: dict[str, Record]) -> None:
    # note l.34: "24 September 1941, German artillery fire on the Chetnik camp on Jelica: four
    # Chetniks killed; one wounded man died the next day"; l.33: "in the liberation itself: no
    # Partisan or Chetnik killed or wounded"; the record runs from 1 October
    record = records["battle-of-cacak"]
    assert side_of(record, "chetniks").casualties is None
    jelica = [e for e in record.events if e.date is not None and e.date.iso() == "1941-09-24"]
    assert [e.context for e in jelica] == [True]
    assert "killing four Chetniks" in " ".join(jelica[0].text.split())


def test_c2_one_soldier_left_behind_is_not_a_prisoner(records: dict[str, Record]) -> None:
    # note l.42: "others reject this, saying only one German soldier stayed behind, hidden in
    # the coal store of the gymnasium building [S1]"
    casualties = side_of(records["battle-of-cacak"], "germans").casualties
    assert casualties is not None and casualties.captured is not None
    claim, counter = casualties.captured.estimates
    assert format_value(claim) == "50"
    assert counter.is_unknown and counter.text == "only one German soldier stayed behind"


def test_c3_c4_c5_c6_name_side_claim_and_part_of_are_flagged(records: dict[str, Record]) -> None:
    # note l.11 (title "Borbe za Čačak 1941."), l.29 (Azanjac at a rebel rally), l.33 (claim
    # quoted in [S1]), l.16 (part of: not stated in [S1])
    record = records["battle-of-cacak"]
    notes = " ".join(" ".join(n.split()) for n in record.notes)
    assert "Borbe za Čačak 1941." in notes and "source does not say" in notes
    assert "by inference" in (commander(record, "Rade Azanjac").note or "")
    assert "by a claim the article quotes" in " ".join((record.summary or "").split())


def test_c7_the_names_of_the_jelica_dead(records: dict[str, Record]) -> None:
    # note l.34: "Antonije Biorčević (from Dragojevac), Radisav Đoković, Mirko Radulović, Momir
    # Poledica (from Trešnjevica)"
    record = records["battle-of-cacak"]
    assert events_citing(record, "Mirko Radulović and Momir Poledica") == [("sh",)]


# -- attack-on-gornji-milanovac ---------------------------------------------------------


def test_g1_the_outcome_is_not_stated_beyond_the_sub_heading(records: dict[str, Record]) -> None:
    # note l.56: "only the sub-heading says the company surrendered ... Record the outcome as
    # not stated beyond the heading; do not record prisoners."
    record = records["attack-on-gornji-milanovac"]
    assert record.result is not None
    assert record.result.text.startswith("Not stated beyond a sub-heading:")
    casualties = side_of(record, "germans").casualties
    assert casualties is not None and casualties.captured is None


def test_g2_the_kragujevac_link_keeps_its_caveat(records: dict[str, Record]) -> None:
    # note l.55: the Kragujevac sources speak of "insurgent attacks in the Gornji Milanovac
    # district" (plural, district-wide)
    summary = " ".join((records["attack-on-gornji-milanovac"].summary or "").split())
    assert "became the reason" not in summary
    assert "which the forum post ties to the German losses of this attack" in summary


def test_g3_the_partisans_leave_the_talks_to_the_chetniks(records: dict[str, Record]) -> None:
    # note l.47: "Partisans let the Chetniks negotiate (the Germans were likelier to deal with
    # royalists)"
    record = records["attack-on-gornji-milanovac"]
    assert events_citing(record, "more likely to deal with royalists") == [("forum",)]


# -- kragujevac-massacre ----------------------------------------------------------------


def _toll(records: dict[str, Record]) -> dict[str, object]:
    civilians = records["kragujevac-massacre"].civilians
    assert civilians is not None and civilians.killed is not None
    return {e.text or format_value(e): e for e in civilians.killed.estimates}


def test_j1_as_high_as_7000_is_not_an_exact_count(records: dict[str, Record]) -> None:
    # note l.36: "post-war estimates, called inflated: as high as 7,000 [S1], [S3]"
    ceiling = _toll(records)["as high as 7,000"]
    assert ceiling.is_unknown  # type: ignore[attr-defined]
    assert 'no "at most" form' in " ".join((ceiling.note or "").split())  # type: ignore[attr-defined]


def test_j2_nearly_2800_is_explained(records: dict[str, Record]) -> None:
    # note l.37: "nearly 2,800 killed"
    nearly = _toll(records)["nearly 2,800 killed"]
    assert format_value(nearly) == "~2,800"  # type: ignore[arg-type]
    assert "just under 2,800" in " ".join((nearly.note or "").split())  # type: ignore[attr-defined]


def test_j3_j4_j5_motive_quota_and_part_of(records: dict[str, Record]) -> None:
    # note l.17 (Motive: Reprisal; + collective punishment [S3]); l.24 ("formula attributed
    # to Adolf Hitler [S1], [S3]"); l.14 (Part of: World War II in Yugoslavia)
    record = records["kragujevac-massacre"]
    perpetrators = side_of(record, "perpetrators")
    assert perpetrators.outcome is None
    assert "collective punishment" in (perpetrators.note or "")
    assert "attributed to Hitler" in (record.summary or "")
    assert any("also filed under the uprising" in " ".join(n.split()) for n in record.notes)
    assert events_citing(record, "morally to blame") == [("seed-kraljevo",)]


# -- battle-of-pljevlja -----------------------------------------------------------------


def test_pl1_the_combined_missing_or_captured_is_flagged(records: dict[str, Record]) -> None:
    # note l.47: "missing/captured: 8 missing/captured (one combined figure)"
    casualties = side_of(records["battle-of-pljevlja"], "italy").casualties
    assert casualties is not None
    assert [(o.label, format_value(o.value)) for o in casualties.other] == [
        ("missing or captured", "8")
    ]
    assert "short by them" in " ".join((casualties.note or "").split())


def test_pl2_the_high_command_opposed_the_attack(records: dict[str, Record]) -> None:
    # note l.61: "Milutinović wants Pljevlja and Priboj taken ... the Partisan High Command
    # opposes the attack"
    record = records["battle-of-pljevlja"]
    assert events_citing(record, "Partisan High Command is against the attack") == [
        ("wp", "kampuspedia")
    ]
    assert "Žabljak" in (commander(record, "Ivan Milutinović").role or "")


def test_pl3_no_withdrawal_the_sources_do_not_state(records: dict[str, Record]) -> None:
    # note l.62: "1–2 December 1941 | Partisan attack on Pljevlja fails"; l.75: "saved texts
    # stop in the "Involved forces" section"
    record = records["battle-of-pljevlja"]
    assert "withdrew" not in (record.summary or "")
    assert "the attack failed" in " ".join((record.summary or "").split())


# -- uprising-in-montenegro -------------------------------------------------------------


def test_o1_the_axis_losses_are_stated_as_combined_kinds(records: dict[str, Record]) -> None:
    # note: "[S1]: 1,079 killed or wounded; [S2]: more than 2,000 Italian soldiers killed or
    # captured; 879 released"
    casualties = side_of(records["uprising-in-montenegro"], "axis").casualties
    assert casualties is not None
    assert [(o.label, format_value(o.value), o.source) for o in casualties.other] == [
        ("killed or wounded", "1,079", ("wp",)),
        ("Italian soldiers killed or captured", "> 2,000", ("eudic",)),
        ("released from captivity in the counteroffensive", "879", ("eudic",)),
    ]
    assert "combined kinds" in (casualties.note or "")


def test_o2_italy_is_an_axis_belligerent(records: dict[str, Record]) -> None:
    # note l.34-35: "[S1]: ... ("Italy" appears as a stray word above the parameter list)" /
    # "[S2]: Italy; Albania; Muslim militia"
    axis = side_of(records["uprising-in-montenegro"], "axis")
    assert axis.belligerents[0] == "Italy"
    assert "eudic" in axis.source


def test_o3_o4_the_divider_and_hundreds(records: dict[str, Record]) -> None:
    # note l.36: "...Osman Rastoder — then, after a divider: Sekula Drljević; ..."; civilians
    # "Hundreds killed" [S1], [S2]
    record = records["uprising-in-montenegro"]
    assert "after a divider" in " ".join((commander(record, "Sekula Drljević").note or "").split())
    assert record.civilians is not None and record.civilians.killed is not None
    assert record.civilians.killed.is_unknown
    assert record.civilians.killed.text == "Hundreds killed"


# -- uprising-in-serbia -----------------------------------------------------------------


def test_sr1_the_insurgent_4000_is_the_sides_total(records: dict[str, Record]) -> None:
    # note: "**Casualties:** 4,000 Chetniks & Partisans [S1] (kind of loss not labelled)"
    casualties = side_of(records["uprising-in-serbia"], "insurgents").casualties
    assert casualties is not None and casualties.other == ()
    assert casualties.total is not None
    assert (format_value(casualties.total), casualties.total.text) == (
        "4,000",
        "4,000 Chetniks & Partisans",
    )


def test_sr2_the_events_cite_the_notes_they_come_from(records: dict[str, Record]) -> None:
    # note rows: "31 August 1941 | Chetniks take Loznica | [S1], battle-of-loznica.md";
    # "1 November 1941 | ... | [S1], operation-uzice.md"; "29 November 1941 | ... | [S1],
    # battle-of-kadinjaca.md, operation-uzice.md"
    record = records["uprising-in-serbia"]
    assert events_citing(record, "The Chetniks take Loznica") == [("wikimili", "sagapedia-loznica")]
    assert events_citing(record, "attacking Užice and Požega") == [("wikimili", "clateway-uzice")]
    assert events_citing(record, "the fight at Kadinjača") == [
        ("wikimili", "sh-kadinjaca", "clateway-uzice")
    ]


def test_sr3_sr4_no_unsourced_territory_or_freed_west(records: dict[str, Record]) -> None:
    # note l.14: "Place | Western parts of Serbia | [S1]" (no territory); no source says the
    # rebels freed much of western Serbia
    record = records["uprising-in-serbia"]
    assert record.place.territory is None
    assert "freed" not in (record.summary or "")


def test_sr5_the_reprisal_toll_is_not_civilians_only(records: dict[str, Record]) -> None:
    # note: "**Reprisals:** 35,000 rebels and civilians massacred in reprisals [S1]"
    civilians = records["uprising-in-serbia"].civilians
    assert civilians is not None and civilians.killed is None
    [reprisals] = civilians.other
    assert format_value(reprisals.value) == "35,000"
    assert "rebels" in reprisals.label
