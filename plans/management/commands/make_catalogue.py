from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from plans.synthetic import make_catalogue


class Command(BaseCommand):
    help = (
        "Replace the synthetic catalogue (for benchmarks and demos only) by N plans recombined "
        "from the real plans stored; the same --seed gives the same catalogue."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="how many synthetic plans")
        parser.add_argument(
            "--seed", type=int, default=0, help="the random seed (default 0): same seed, same plans"
        )

    def handle(self, *args, count: int, seed: int, **options):
        began = time.perf_counter()
        try:
            made = make_catalogue(count, seed=seed)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"made {made.plans} synthetic plans, {made.sections} sections, "
            f"in {made.jurisdictions} places, in {time.perf_counter() - began:.1f} s"
        )
