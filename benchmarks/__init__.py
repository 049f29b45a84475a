"""Benchmarks: run with `make bench` (python -m benchmarks). Each reports medians and ratios
against a baseline measured in the same run, since these machines are noisy."""
