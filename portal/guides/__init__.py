"""The guide model and the text readers see: every stage loads guides from here."""
