"""Cost of a call from the price table in settings (USD per million tokens, by model prefix)."""

from decimal import Decimal

from django.conf import settings

MILLION = Decimal(1_000_000)


def price_for(model: str) -> tuple[Decimal, Decimal] | None:
    """(input, output) price per million tokens for the longest matching prefix, or None."""
    name = (model or "").lower()
    best = None
    for prefix, prices in settings.PRIZM_LLM_PRICES.items():
        if name.startswith(prefix.lower()) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, prices)
    if best is None:
        return None
    price_in, price_out = best[1]
    return Decimal(str(price_in)), Decimal(str(price_out))


def cost_for(*, model: str, tokens_in: int, tokens_out: int) -> Decimal:
    """Cost in USD, rounded to the micro-dollar. Unknown models (local servers) cost 0."""
    prices = price_for(model)
    if prices is None:
        return Decimal("0")
    price_in, price_out = prices
    cost = (price_in * tokens_in + price_out * tokens_out) / MILLION
    return cost.quantize(Decimal("0.000001"))
