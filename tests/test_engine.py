"""The rule engine: scope, isolation of failing rules, ignores, inline disables, fingerprints."""

from __future__ import annotations

from collections.abc import Iterable

from helpers import context, make_kit, page, static_capture

from brandcheck.analyze.context import AnalysisSettings, Context
from brandcheck.model import Location, Touchpoint
from brandcheck.rules.engine import UNUSED_DISABLE_RULE, Engine, format_message
from brandcheck.rules.loader import Rule, Scope, builtin_rules_dir, load_rules
from brandcheck.rules.registry import Outcome, RuleKind, Violation, register


@register
class _Boom(RuleKind):
    name = "test.boom"
    category = "test"
    fields = ()

    def evaluate(self, rule, ctx) -> Iterable[Outcome]:
        raise RuntimeError("kaboom")


@register
class _EveryParagraph(RuleKind):
    name = "test.every_p"
    category = "test"
    fields = ("text",)
    requires = ("dom",)

    def evaluate(self, rule, ctx) -> Iterable[Outcome]:
        for e in ctx.get("dom").elements:
            if e.tag == "p" and e.visible:
                yield Violation({"text": e.own_text}, Location(selector=e.selector), observed=e.own_text,
                                element=e.id, key=e.own_text)


def rule(kind, rid="test.Rule", scope=None, message="found {text}") -> Rule:
    from brandcheck.rules.registry import KINDS

    return Rule(id=rid, kind=kind, category="test", message=message, level="warning", path=builtin_rules_dir(),
                scope=scope or Scope(), impl=KINDS[kind]())


def test_a_failing_rule_is_a_rule_error_and_others_still_run(tmp_path):
    ctx = context(tmp_path, page("<p>one</p>"))
    res = Engine([rule("test.boom", "test.Boom"), rule("test.every_p")]).evaluate(ctx)
    assert [f.rule for f in res.findings] == ["test.Rule"]
    status = {o.rule: o.status for o in res.outcomes}
    assert status == {"test.Boom": "error", "test.Rule": "violation"}
    assert "kaboom" in res.errors[0] and res.errors[0].startswith("test.Boom on page.html")


def test_scope_by_kind_and_role(tmp_path):
    ctx = context(tmp_path, page("<h2><p>in heading?</p></h2><footer><p>© 2026 Legal Co</p></footer><p>body</p>"))
    res = Engine([rule("test.every_p", scope=Scope(kinds=["email"]))]).evaluate(ctx)
    assert not res.findings and res.outcomes[0].status == "inapplicable"
    res = Engine([rule("test.every_p", scope=Scope(roles=["legal"]))]).evaluate(ctx)
    assert [f.observed for f in res.findings] == ["© 2026 Legal Co"]


def test_message_template():
    assert format_message("{a} at {b:.1f} and {c}", {"a": "x", "b": 1.234, "c": [1, 2]}) == "x at 1.2 and 1, 2"
    assert format_message("{missing}", {}) == "?"


def test_ignored_selectors_drop_findings(tmp_path):
    html = page("<div id='cookie-banner'><p>We use cookies</p></div><p>real copy</p>")
    ctx = context(tmp_path, html, settings=AnalysisSettings(ignore_selectors=["#cookie-banner"]))
    res = Engine([rule("test.every_p")]).evaluate(ctx)
    assert [f.observed for f in res.findings] == ["real copy"]


def test_inline_disables_cover_subtrees_and_unused_ones_are_reported(tmp_path):
    html = page("<section data-brandcheck-disable='test.Rule -- partner content'><p>a</p><div><p>b</p></div></section>"
                "<p>c</p><div data-brandcheck-disable='test.Rule -- stale'><span>nothing here</span></div>"
                "<div data-brandcheck-disable='color.Nope'><span>x</span></div>")
    ctx = context(tmp_path, html)
    res = Engine([rule("test.every_p")]).evaluate(ctx)
    main = [f for f in res.findings if f.rule == "test.Rule"]
    assert [f.observed for f in main] == ["c"]
    unused = [f for f in res.findings if f.rule == UNUSED_DISABLE_RULE]
    assert len(unused) == 2 and all(f.severity == "info" for f in unused)
    assert "suppressed no finding of 'test.Rule'" in unused[0].message and "(reason given: stale)" in unused[0].message
    assert "names rule 'color.Nope', which does not exist" in unused[1].message


def test_fingerprints_survive_a_sibling_inserted_above(tmp_path):
    kit = make_kit(tmp_path)
    a = Context(static_capture(tmp_path / "a", page("<div class='x'><p>keep</p><p>twin</p><p>twin</p></div>")), kit)
    b = Context(static_capture(tmp_path / "b", page("<div class='x'><p>new</p><p>keep</p><p>twin</p><p>twin</p></div>")), kit)
    fa = {f.observed: f.fingerprint for f in Engine([rule("test.every_p")]).evaluate(a).findings}
    fb = [(f.observed, f.fingerprint) for f in Engine([rule("test.every_p")]).evaluate(b).findings]
    assert fa["keep"] == dict(fb)["keep"]
    twins_b = [fp for o, fp in fb if o == "twin"]
    assert len(set(twins_b)) == 2  # two identical problems are told apart by order
    assert set(twins_b) == {fp for o, fp in [(f.observed, f.fingerprint) for f in Engine([rule("test.every_p")]).evaluate(a).findings] if o == "twin"}


def test_copy_touchpoints_run_without_a_view(tmp_path):
    from brandcheck.model import Capture

    kit = make_kit(tmp_path)
    cap = Capture(touchpoint=Touchpoint("c", "document", "c.md"), method="text", text="Hello")
    res = Engine(list(load_rules([builtin_rules_dir()]).values())).evaluate(Context(cap, kit))
    assert not [o for o in res.outcomes if o.status == "error"]
