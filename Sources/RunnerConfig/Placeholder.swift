// RunnerConfig placeholder
