"""What both suites share: profiles, the scenario registry, the phase runner, the suite context."""
