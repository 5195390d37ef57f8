package dev.ironmq.backend;

/**
 * One period of a queue's history.
 *
 * @param at epoch milliseconds of the period's start
 * @param counts its size and counts
 */
public record StatsPoint(long at, StatsCounts counts) {}
