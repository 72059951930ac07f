"""The portal's frame above every feature app: its menu, grouped by job. No models."""
