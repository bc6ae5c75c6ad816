package org.nas4j.study;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nas4j.prune.PruningHistory;

/**
 * The members of one bracket of synchronous successive halving, each running its trial on its own thread, one at a
 * time: the turn goes to the first member, in the bracket's order, that can go on, which is one that has not
 * started yet or one waiting at a rung that every member has reached or left. So a member pauses at each rung
 * until the whole bracket is there, and the order of everything the members do is fixed by their places, not by
 * the threads' timing. Members keep their trial's network and optimizer while they wait.
 */
final class Bracket {
    private final int size;
    /** The member whose turn it is, -1 when none. */
    private int holder = -1;
    private long turnStarted;
    private long heldNanos;
    private final long[] heldBy;
    private final boolean[] waiting;
    private final boolean[] ended;
    /** The last rung each member reached, in epochs (0 before its first). */
    private final int[] reached;
    private final Map<Integer, List<PruningHistory.Reported>> reports = new HashMap<>();

    Bracket(int size) {
        this.size = size;
        this.heldBy = new long[size];
        this.waiting = new boolean[size];
        this.ended = new boolean[size];
        this.reached = new int[size];
    }

    /** Waits for {@code member}'s turn. */
    synchronized void turn(int member) throws InterruptedException {
        waiting[member] = true;
        while (holder != -1 || next() != member) {
            wait();
        }
        waiting[member] = false;
        holder = member;
        turnStarted = System.nanoTime();
    }

    /**
     * {@code member}'s trial {@code trial} reached the rung at {@code epoch} with this accuracy: it gives up its turn
     * and waits until every member has reached the rung or ended, and its turn comes again.
     */
    synchronized void arrive(int member, int trial, int epoch, double accuracy) throws InterruptedException {
        checkHolder(member);
        reached[member] = epoch;
        reports.computeIfAbsent(epoch, e -> new ArrayList<>()).add(new PruningHistory.Reported(trial, accuracy,
                false));
        release();
        turn(member);
    }

    /** {@code member} has run its last trial: its turn, if it has it, passes on, and no rung waits for it. */
    synchronized void end(int member) {
        ended[member] = true;
        waiting[member] = false;
        if (holder == member) {
            release();
        }
        notifyAll();
    }

    /** The reports of the bracket's trials at the rung {@code epoch} so far. */
    synchronized List<PruningHistory.Reported> at(int epoch) {
        return List.copyOf(reports.getOrDefault(epoch, List.of()));
    }

    /** The rung {@code member} reached last, in epochs; 0 before its first. */
    synchronized int reached(int member) {
        return reached[member];
    }

    /** How long {@code member} has had its turn, in all, its current turn included. */
    synchronized long heldNanos(int member) {
        return heldBy[member] + (holder == member ? System.nanoTime() - turnStarted : 0);
    }

    /** How long the members have had their turns, in all: the bracket's time, as its trials spent it. */
    synchronized long heldNanos() {
        return heldNanos + (holder == -1 ? 0 : System.nanoTime() - turnStarted);
    }

    private void release() {
        long held = System.nanoTime() - turnStarted;
        heldBy[holder] += held;
        heldNanos += held;
        holder = -1;
        notifyAll();
    }

    private void checkHolder(int member) {
        if (holder != member) {
            throw new IllegalStateException("member " + member + " reported without its turn (" + holder
                    + " has it)");
        }
    }

    /** The first member that can go on, -1 when none can. */
    private int next() {
        for (int member = 0; member < size; member++) {
            if (waiting[member] && (reached[member] == 0 || everyoneAt(reached[member]))) {
                return member;
            }
        }
        return -1;
    }

    private boolean everyoneAt(int rung) {
        for (int member = 0; member < size; member++) {
            if (!ended[member] && reached[member] < rung) {
                return false;
            }
        }
        return true;
    }
}
