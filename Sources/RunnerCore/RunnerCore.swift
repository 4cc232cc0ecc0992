// Domain values shared by every stage.
