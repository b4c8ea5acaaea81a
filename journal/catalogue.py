"""The remedy catalogue every new journal starts with, and name lookup keys."""

from __future__ import annotations

import unicodedata
import uuid
from typing import NamedTuple

# Fixed so that two new journals hold identical catalogues (same UUIDs, same times).
NAMESPACE = uuid.UUID("5b0f8a52-3c1e-4d8e-9a36-0c7e7d1f4a10")


class Seed(NamedTuple):
    name: str
    klass: str
    unit: str
    use: str = "acute"
    aliases: tuple[str, ...] = ()


# Generic names. Classes follow ICHD-3 8.2 as set out in domain.md; kratom is its own
# class; caffeine is tracked apart; preventives are recorded but make no medication day.
SEED_V1: tuple[Seed, ...] = (
    Seed("paracetamol", "simple", "mg", aliases=("acetaminophen", "apap")),
    Seed("ibuprofen", "simple", "mg"),
    Seed("aspirin", "simple", "mg", aliases=("acetylsalicylic acid", "asa")),
    Seed("naproxen", "simple", "mg"),
    Seed("diclofenac", "simple", "mg"),
    Seed("metamizole", "simple", "mg", aliases=("dipyrone",)),
    Seed("sumatriptan", "triptan", "mg"),
    Seed("rizatriptan", "triptan", "mg"),
    Seed("zolmitriptan", "triptan", "mg"),
    Seed("eletriptan", "triptan", "mg"),
    Seed("naratriptan", "triptan", "mg"),
    Seed("almotriptan", "triptan", "mg"),
    Seed("frovatriptan", "triptan", "mg"),
    Seed("ergotamine", "ergot", "mg"),
    Seed("dihydroergotamine", "ergot", "mg", aliases=("dhe",)),
    Seed("codeine", "opioid", "mg"),
    Seed("tramadol", "opioid", "mg"),
    Seed("oxycodone", "opioid", "mg"),
    Seed("morphine", "opioid", "mg"),
    Seed("hydrocodone", "opioid", "mg"),
    Seed(
        "paracetamol+aspirin+caffeine",
        "combination",
        "tablet",
        aliases=("excedrin", "thomapyrin"),
    ),
    Seed("paracetamol+codeine", "combination", "tablet", aliases=("co-codamol",)),
    Seed("butalbital combination", "combination", "tablet", aliases=("fioricet", "fiorinal")),
    Seed("kratom", "kratom", "g", aliases=("mitragyna speciosa", "ketum")),
    Seed("caffeine", "caffeine", "mg", aliases=("coffee",)),
    Seed("propranolol", "other", "mg", use="preventive"),
    Seed("topiramate", "other", "mg", use="preventive"),
    Seed("amitriptyline", "other", "mg", use="preventive"),
    Seed("candesartan", "other", "mg", use="preventive"),
    Seed("erenumab", "other", "mg", use="preventive"),
    Seed("magnesium", "other", "mg", use="preventive"),
)


def lookup_key(name: str) -> str:
    """A casefolded, normalised key: 'Ibuprofen', 'IBUPROFEN' and 'ibuprofen ' match."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def seed_uuid(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "remedy:" + lookup_key(name)))
