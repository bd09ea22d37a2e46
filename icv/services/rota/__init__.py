"""The rota: planning a quarter (planner, the pure generator; plans, which reads its inputs and
saves it), changing it (changes: swaps of people and weeks, by the coordinator or a volunteer)
and what it tells the coordinator (alerts)."""
