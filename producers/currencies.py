"""The currency producer groups of a country are paid in: reports keep incomes apart by it, and forms propose it."""

# ISO 3166 country → ISO 4217 currency, for the countries the programmes work in.
LOCAL_CURRENCIES = {
    "KE": "KES",
    "ZA": "ZAR",
    "UG": "UGX",
    "TZ": "TZS",
    "RW": "RWF",
    "ET": "ETB",
    "ZM": "ZMW",
    "MW": "MWK",
    "GH": "GHS",
    "CI": "XOF",
    "PE": "PEN",
    "CO": "COP",
    "NL": "EUR",
}


def local_currency(country: str) -> str:
    """The country's currency code, or "" when the table does not know it."""
    return LOCAL_CURRENCIES.get(str(country), "")
