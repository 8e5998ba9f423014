"""Filters of the reminders' templates: an item's urgency in words and its colour, from the page's day."""

from datetime import date

from django import template

from ..reminders.items import Item

register = template.Library()


@register.filter
def urgency(item: Item, today: date) -> str:
    return item.urgency(today)


@register.filter
def tone(item: Item, today: date) -> str:
    return item.tone(today)
