"""Development tooling: embedded servers for `make run` and `make test`. Not used in production."""
