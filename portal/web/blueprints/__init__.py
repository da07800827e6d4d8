"""The portal's blueprints, one job each."""
