"""The reference content of the cycles, in every language of settings.LANGUAGES (django-modeltranslation).

Each field named here gets a column per language (`name_en`, `name_sw`, …); reading `name` gives the person's
language, or English where the translation is empty (MODELTRANSLATION_FALLBACK_LANGUAGES), and
`cycles.templatetags.translated` marks where that happened. The shipped Kiswahili comes from
`cycles.reference_data_sw` through a migration.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Criterion, CriterionRevision, Indicator, InteractionPoint, Phase, SanctionType, ServiceType


@register(Phase)
class PhaseTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("text", "guidance")


# A criterion's versions keep its words in every language, as they stood.
@register(CriterionRevision)
class CriterionRevisionTranslation(TranslationOptions):
    fields = ("text", "guidance")


@register(SanctionType)
class SanctionTypeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "unit", "description")


@register(ServiceType)
class ServiceTypeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(InteractionPoint)
class InteractionPointTranslation(TranslationOptions):
    fields = ("description",)
