"""The improvement plan register (Django app `plan`): areas for improvement, actions, BRAG ratings, history."""
