// RunnerPipeline placeholder
