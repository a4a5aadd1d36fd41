"""The clean step of creating a deal (see `patron.pipeline.cleaning`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from patron.accounts.models import Account, Competitor
from patron.core.cleaning import Cleaned, ErrorCollector, FieldError, check_named
from patron.core.currency import Rates, load_rates
from patron.core.errors import CommonErrorCode, NotVisible, RuleViolation
from patron.core.models import CompanySettings, company_today
from patron.core.money import Money
from patron.core.validation import minor_units, require_choice, require_currency, require_text
from patron.org.models import User
from patron.org.policy import active_users_by_id
from patron.org.visibility import with_reporting_tree
from patron.pipeline.choices import ForecastCategory, LeadSource, OpportunityType, StageCategory
from patron.pipeline.cleaning.common import (
    existing_ids,
    no_campaign,
    no_competitor,
    owner_of,
    require_known,
)
from patron.pipeline.errors import PipelineErrorCode
from patron.pipeline.models import Campaign, Opportunity, Pipeline, Stage
from patron.pipeline.services.checks import require_close_after_opening

NAME_MAX_LENGTH = 200
NEXT_STEP_MAX_LENGTH = 255
EXTERNAL_ID_MAX_LENGTH = 64
# Fifty years: longer is a typing mistake, and the column is a small integer.
MAX_TERM_MONTHS = 600
# An open deal is forecast as pipeline, best case, commit or omitted; "closed" is what
# winning it makes it.
OPEN_FORECAST_CATEGORIES = frozenset(ForecastCategory.values) - {ForecastCategory.CLOSED}


@dataclass(frozen=True)
class OpportunityInput:
    """A deal as typed or imported."""

    account_id: int
    name: str
    close_date: date
    amount: Money | None = None
    currency: str | None = None
    owner_id: int | None = None
    type: str = OpportunityType.NEW_BUSINESS
    pipeline_id: int | None = None
    stage_id: int | None = None
    opened_on: date | None = None
    forecast_category: str = ForecastCategory.PIPELINE
    next_step: str = ""
    description: str = ""
    is_recurring: bool = False
    contract_term_months: int | None = None
    lead_source: str = ""
    campaign_id: int | None = None
    primary_competitor_id: int | None = None
    external_id: str | None = None


@dataclass(frozen=True)
class PipelineFacts:
    """A pipeline, the teams it is the default of, and its stages in order."""

    pipeline: Pipeline
    team_ids: frozenset[int]
    stages: tuple[Stage, ...]


@dataclass(frozen=True)
class OpportunityContext:
    """What cleaning deals needs from the database; `rates` holds the base currency and
    the dated rates of the other currencies the rows name."""

    actor: User
    today: date
    owners: Mapping[int, User]
    accounts: Mapping[int, Account]
    pipelines: tuple[PipelineFacts, ...]
    campaign_ids: frozenset[int]
    competitor_ids: frozenset[int]
    rates: Rates
    taken_external_ids: frozenset[str]


@dataclass(frozen=True)
class OpportunityValues:
    """A deal ready to be written (open, in its starting stage)."""

    name: str
    external_id: str | None
    account: Account
    owner: User
    type: str
    pipeline: Pipeline
    stage: Stage
    currency: str
    amount_minor: int
    amount_base_minor: int
    is_recurring: bool
    contract_term_months: int | None
    opened_on: date
    close_date: date
    forecast_category: str
    next_step: str
    description: str
    lead_source: str
    campaign_id: int | None
    primary_competitor_id: int | None


def opportunity_context(
    actor: User,
    *,
    owner_ids: Iterable[int | None] = (),
    account_ids: Iterable[int] = (),
    currencies: Iterable[str | None] = (),
    campaign_ids: Iterable[int | None] = (),
    competitor_ids: Iterable[int | None] = (),
    external_ids: Iterable[str | None] = (),
) -> OpportunityContext:
    """The context for cleaning deals that name these references (one query per kind)."""
    actor = with_reporting_tree(actor)
    external = {text.strip() for text in external_ids if text and text.strip()}
    accounts = set(account_ids)
    return OpportunityContext(
        actor=actor,
        today=company_today(),
        owners=active_users_by_id(owner_ids),
        accounts=Account.objects.visible_to(actor).in_bulk(accounts) if accounts else {},
        pipelines=_pipelines(),
        campaign_ids=existing_ids(Campaign, campaign_ids),
        competitor_ids=existing_ids(Competitor, competitor_ids),
        rates=load_rates(CompanySettings.current().base_currency, currencies),
        taken_external_ids=frozenset(
            Opportunity.objects.filter(external_id__in=external).values_list(
                "external_id", flat=True
            )
        )
        if external
        else frozenset(),
    )


def clean_opportunity(
    raw: OpportunityInput, context: OpportunityContext
) -> Cleaned[OpportunityValues]:
    """Every check of a new deal (the rules are `create_opportunity`'s), each wrong
    field reported, in the order the service checks them."""
    errors = ErrorCollector()
    account = context.accounts.get(raw.account_id)
    if account is None:
        errors.errors.append(FieldError("account", *_not_visible(Account)))
    owner = check_named(
        errors, "owner", lambda: owner_of(context.actor, raw.owner_id, context.owners)
    )
    name = errors.check(
        lambda: require_text(raw.name, field="name", limit=NAME_MAX_LENGTH, required=True), ""
    )
    next_step = errors.check(
        lambda: require_text(raw.next_step, field="next_step", limit=NEXT_STEP_MAX_LENGTH), ""
    )
    kind = errors.check(
        lambda: require_choice(raw.type, field="type", choices=OpportunityType.values), ""
    )
    category = errors.check(lambda: require_open_forecast_category(raw.forecast_category), "")
    lead_source = errors.check(
        lambda: require_choice(
            raw.lead_source, field="lead_source", choices=LeadSource.values, blank=True
        ),
        "",
    )
    errors.check(lambda: require_term(raw.contract_term_months), None)
    money = errors.check(
        lambda: currency_and_amount(raw.amount, raw.currency, base=context.rates.base_currency),
        None,
    )
    opened_on = raw.opened_on or context.today
    errors.check(
        lambda: require_close_after_opening(raw.close_date, opened_on, field="close_date"), None
    )
    placed = None
    if raw.pipeline_id is not None or owner is not None:
        placed = errors.check(lambda: _placement(raw, owner, context), None)
    errors.check(lambda: require_known(raw.campaign_id, context.campaign_ids, no_campaign), None)
    errors.check(
        lambda: require_known(raw.primary_competitor_id, context.competitor_ids, no_competitor),
        None,
    )
    external_id = errors.check(lambda: _unique_external_id(raw.external_id, context), None)
    base_minor = None
    if money is not None:
        base_minor = errors.check(
            lambda: context.rates.base_minor(money[1], money[0], raw.close_date), None
        )
    if (
        errors.errors
        or account is None
        or owner is None
        or placed is None
        or money is None
        or base_minor is None
    ):
        return Cleaned(errors=errors.errors)
    return Cleaned(
        OpportunityValues(
            name=name,
            external_id=external_id,
            account=account,
            owner=owner,
            type=kind,
            pipeline=placed[0],
            stage=placed[1],
            currency=money[0],
            amount_minor=money[1],
            amount_base_minor=base_minor,
            is_recurring=raw.is_recurring,
            contract_term_months=raw.contract_term_months,
            opened_on=opened_on,
            close_date=raw.close_date,
            forecast_category=category,
            next_step=next_step,
            description=raw.description.strip(),
            lead_source=lead_source,
            campaign_id=raw.campaign_id,
            primary_competitor_id=raw.primary_competitor_id,
        )
    )


def require_open_forecast_category(category: str) -> str:
    if category == ForecastCategory.CLOSED:
        raise RuleViolation(
            "forecast_category",
            PipelineErrorCode.CLOSED_CATEGORY,
            _("Only a won deal is forecast as closed."),
        )
    return require_choice(category, field="forecast_category", choices=OPEN_FORECAST_CATEGORIES)


def require_term(months: int | None) -> int | None:
    if months is not None and not 1 <= months <= MAX_TERM_MONTHS:
        raise RuleViolation(
            "contract_term_months",
            PipelineErrorCode.TERM_OUT_OF_RANGE,
            _("The contract term is between 1 and %(max)s months.") % {"max": MAX_TERM_MONTHS},
        )
    return months


def currency_and_amount(
    amount: Money | None, currency: str | None, *, base: str
) -> tuple[str, int]:
    """The deal's currency and amount in its minor units: the amount's currency; without
    an amount, the given currency or the base currency, and nothing."""
    if amount is None:
        return require_currency(currency or base), 0
    if currency is not None and currency != amount.currency:
        raise RuleViolation(
            "amount",
            CommonErrorCode.WRONG_CURRENCY,
            _("The amount must be in %(currency)s.") % {"currency": currency},
        )
    deal_currency = require_currency(amount.currency)
    return deal_currency, minor_units(amount, currency=deal_currency, field="amount")


def _not_visible(model: type[Account]) -> tuple[str, str]:
    error = NotVisible(str(model._meta.verbose_name))
    return error.code, error.message


def _placement(
    raw: OpportunityInput, owner: User | None, context: OpportunityContext
) -> tuple[Pipeline, Stage]:
    """The pipeline (given, else the owner's team default, the type default, the company
    default — SPEC 2.2) and the stage (given, else the pipeline's first open one)."""
    if raw.pipeline_id is not None:
        facts = next((p for p in context.pipelines if p.pipeline.pk == raw.pipeline_id), None)
        if facts is None:
            raise RuleViolation(
                "pipeline", PipelineErrorCode.UNKNOWN_PIPELINE, _("There is no such pipeline.")
            )
    else:
        team_id = owner.team_id if owner is not None else None
        candidates = [
            lambda p: team_id is not None and team_id in p.team_ids,
            lambda p: p.pipeline.default_for_type == raw.type,
            lambda p: p.pipeline.is_default,
        ]
        facts = next(
            (p for test in candidates for p in context.pipelines if test(p)),
            None,
        )
        if facts is None:
            raise RuleViolation(
                "pipeline",
                PipelineErrorCode.NO_PIPELINE,
                _("No pipeline is set up as a default; choose one."),
            )
    return facts.pipeline, _starting_stage(facts, raw.stage_id)


def _starting_stage(facts: PipelineFacts, stage_id: int | None) -> Stage:
    pipeline = facts.pipeline
    if stage_id is None:
        stage = next((s for s in facts.stages if s.category == StageCategory.OPEN), None)
        if stage is None:
            raise RuleViolation(
                "pipeline",
                PipelineErrorCode.NO_OPEN_STAGE,
                _("The pipeline %(pipeline)s has no open stage.") % {"pipeline": pipeline},
            )
        return stage
    stage = next((s for s in facts.stages if s.pk == stage_id), None)
    if stage is None:
        raise RuleViolation(
            "stage",
            PipelineErrorCode.STAGE_NOT_IN_PIPELINE,
            _("The stage must belong to the pipeline %(pipeline)s.") % {"pipeline": pipeline},
        )
    if stage.category != StageCategory.OPEN:
        raise RuleViolation(
            "stage",
            PipelineErrorCode.STAGE_NOT_OPEN,
            _("A deal is won or lost by winning or losing it, not by choosing the stage."),
        )
    return stage


def _unique_external_id(external_id: str | None, context: OpportunityContext) -> str | None:
    """The id the deal has in another system (imports match on it): unique when given."""
    if external_id is None or not external_id.strip():
        return None
    external_id = require_text(external_id, field="external_id", limit=EXTERNAL_ID_MAX_LENGTH)
    if external_id in context.taken_external_ids:
        raise RuleViolation(
            "external_id",
            PipelineErrorCode.DUPLICATE_EXTERNAL_ID,
            _("Another opportunity already has this external id."),
        )
    return external_id


def _pipelines() -> tuple[PipelineFacts, ...]:
    """Every pipeline by name (the order defaults are chosen in), with its stages."""
    teams: dict[int, set[int]] = defaultdict(set)
    for pipeline_id, team_id in Pipeline.default_for_teams.through.objects.values_list(
        "pipeline_id", "team_id"
    ):
        teams[pipeline_id].add(team_id)
    stages: dict[int, list[Stage]] = defaultdict(list)
    for stage in Stage.objects.order_by("pipeline_id", "order", "pk"):
        stages[stage.pipeline_id].append(stage)
    return tuple(
        PipelineFacts(pipeline, frozenset(teams[pipeline.pk]), tuple(stages[pipeline.pk]))
        for pipeline in Pipeline.objects.order_by("name", "pk")
    )
