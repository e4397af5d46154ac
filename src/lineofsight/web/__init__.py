"""The Django web app: role-aware pages over the warehouse, the measures and the improvement plan."""
