"""Rules: compare measurements with the kit and produce findings. Rules are data (YAML under rules/)."""
