"""The standards' reference content in every language of settings.LANGUAGES (django-modeltranslation): the
requirements, the cross-walk's topics and the standards' descriptions. Names of standards stay as their owners
write them. The shipped Kiswahili comes from `standards.reference_data_sw` through a migration."""

from modeltranslation.translator import TranslationOptions, register

from .models import CrosswalkTopic, Requirement, Standard


@register(Standard)
class StandardTranslation(TranslationOptions):
    fields = ("description",)


@register(CrosswalkTopic)
class CrosswalkTopicTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Requirement)
class RequirementTranslation(TranslationOptions):
    fields = ("text",)
