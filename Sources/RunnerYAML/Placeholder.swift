// RunnerYAML placeholder
