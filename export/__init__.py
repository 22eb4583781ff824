"""Exporter: mötespaketet som PowerPoint och PDF, byggt av samma frågor som sidorna."""
