"""Coverage (上下衔接) and evolution reports read from the database; the pure rules are in
compare/lib/coverage/."""
