//! The dependency graph of a track's steps, by index: a topological order, and the cycles that
//! prevent one.

/// Nodes `0..n`; `predecessors[i]` are the nodes that must finish before `i` starts.
/// Returns the nodes in an order where each comes after its predecessors (ties in index order),
/// or `None` when there is a cycle.
pub(crate) fn topological_order(predecessors: &[Vec<usize>]) -> Option<Vec<usize>> {
    let n = predecessors.len();
    let mut remaining = vec![0usize; n];
    let mut successors = vec![Vec::new(); n];
    for (node, preds) in predecessors.iter().enumerate() {
        for &pred in preds {
            if let (Some(count), Some(list)) = (remaining.get_mut(node), successors.get_mut(pred)) {
                *count += 1;
                list.push(node);
            } else {
                return None;
            }
        }
    }
    let mut ready: std::collections::BinaryHeap<std::cmp::Reverse<usize>> = remaining
        .iter()
        .enumerate()
        .filter(|(_, &count)| count == 0)
        .map(|(node, _)| std::cmp::Reverse(node))
        .collect();
    let mut order = Vec::with_capacity(n);
    while let Some(std::cmp::Reverse(node)) = ready.pop() {
        order.push(node);
        for &next in successors.get(node).map_or(&[][..], Vec::as_slice) {
            if let Some(count) = remaining.get_mut(next) {
                *count -= 1;
                if *count == 0 {
                    ready.push(std::cmp::Reverse(next));
                }
            }
        }
    }
    (order.len() == n).then_some(order)
}

/// The cycles of the graph, each once, as node lists in finish-to-start order (each node waits
/// for the one before it; the last waits for the first). Found by depth-first search along
/// predecessor edges; a cycle is reported when the search meets a node on its current path.
pub(crate) fn cycles(predecessors: &[Vec<usize>]) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let n = predecessors.len();
    let mut marks = vec![Mark::New; n];
    let mut found = Vec::new();
    for root in 0..n {
        if marks.get(root) != Some(&Mark::New) {
            continue;
        }
        // (node, next predecessor to look at)
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        if let Some(mark) = marks.get_mut(root) {
            *mark = Mark::OnPath;
        }
        while let Some(top) = stack.last_mut() {
            let node = top.0;
            let pred = predecessors
                .get(node)
                .and_then(|preds| preds.get(top.1))
                .copied();
            top.1 += 1;
            match pred {
                Some(pred) => match marks.get(pred) {
                    Some(Mark::New) => {
                        if let Some(mark) = marks.get_mut(pred) {
                            *mark = Mark::OnPath;
                        }
                        stack.push((pred, 0));
                    }
                    Some(Mark::OnPath) => {
                        // The path from `pred` down to `node` waits in turn on each other.
                        let start = stack.iter().position(|&(on_path, _)| on_path == pred);
                        if let Some(start) = start {
                            let mut cycle: Vec<usize> = stack
                                .iter()
                                .skip(start)
                                .map(|&(on_path, _)| on_path)
                                .collect();
                            // The stack runs from a step to what it waits for: reverse it into
                            // finish-to-start order.
                            cycle.reverse();
                            // Start from the node written first, as people read the file.
                            if let Some(first) = cycle
                                .iter()
                                .enumerate()
                                .min_by_key(|&(_, &node)| node)
                                .map(|(at, _)| at)
                            {
                                cycle.rotate_left(first);
                            }
                            found.push(cycle);
                        }
                    }
                    _ => {}
                },
                None => {
                    if let Some(mark) = marks.get_mut(node) {
                        *mark = Mark::Done;
                    }
                    stack.pop();
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_topological_order_puts_predecessors_first_and_keeps_ties_in_order() {
        // 2 waits for 0; 1 waits for 2.
        let order = topological_order(&[vec![], vec![2], vec![0], vec![]]).unwrap();
        assert_eq!(order, vec![0, 2, 1, 3]);
    }

    #[test]
    fn cycles_are_found_in_finish_to_start_order() {
        // 0 waits for 2, 1 waits for 0, 2 waits for 1: 0 → 1 → 2 → 0.
        let predecessors = [vec![2], vec![0], vec![1], vec![3]];
        assert_eq!(topological_order(&predecessors), None);
        let found = cycles(&predecessors);
        assert_eq!(found.len(), 2);
        assert_eq!(found.first().unwrap(), &vec![0, 1, 2]);
        assert_eq!(found.get(1).unwrap(), &vec![3]);
    }
}
