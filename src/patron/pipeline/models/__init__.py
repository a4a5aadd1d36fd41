# Django finds a package's models through this module.
from patron.pipeline.models.leads import Campaign, Lead
from patron.pipeline.models.opportunities import (
    Opportunity,
    OpportunityAccess,
    OpportunityCompetitor,
    OpportunityContactRole,
    OpportunityHistory,
    OpportunityLine,
    Pipeline,
    Stage,
)
from patron.pipeline.models.quotes import Quote, QuoteLine

__all__ = [
    "Campaign",
    "Lead",
    "Opportunity",
    "OpportunityAccess",
    "OpportunityCompetitor",
    "OpportunityContactRole",
    "OpportunityHistory",
    "OpportunityLine",
    "Pipeline",
    "Quote",
    "QuoteLine",
    "Stage",
]
