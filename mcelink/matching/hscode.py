"""How an HS code is written: digits only inside, dotted for people. The engine's half of the one HS-code
parser; ``mcelink.taxonomy.hs`` adds the nomenclature's rules (which lengths are codes, the translated error).
"""


def hs_digits(code: str) -> str:
    """An HS code as its digits only: "8486.90-1000" → "8486901000"."""
    return "".join(ch for ch in code if ch.isdigit())


def format_hs(digits: str) -> str:
    """Digits written the usual way: 84, 8486, 8486.90, 8486.90-1000."""
    if len(digits) <= 4:
        return digits
    return f"{digits[:4]}.{digits[4:6]}" + (f"-{digits[6:]}" if len(digits) > 6 else "")
