//! The message tree: edit-and-resend and regenerate keep old branches, switching shows "n / m", delete repairs.

mod common;

use common::*;
use glm_history::{MessageBody, MessageId, TreeError};
use glm_protocol::reply::ReplyStatus;

#[test]
fn editing_a_question_starts_a_branch_and_keeps_the_old_one() {
    let (mut c, [q1, _, q2, _]) = two_turns("c");
    let q2b = c.edit_user(&q2, "q2 edited", 6_000).unwrap();
    assert_eq!(
        path_texts(&c),
        ["q1", "a1", "q2 edited"],
        "later turns are replaced on screen"
    );
    c.push(answer("a2b"), 7_000);
    assert_eq!(c.siblings(&q2b), Some((2, 2)));
    assert_eq!(c.siblings(&q2), Some((1, 2)));
    assert_eq!(c.siblings(&q1), Some((1, 1)));
    assert_eq!(c.messages.len(), 6, "nothing was thrown away");
    assert_eq!(c.updated_ms, 7_000);

    assert!(c.switch_sibling(&q2b, -1).unwrap());
    assert_eq!(
        path_texts(&c),
        ["q1", "a1", "q2", "a2"],
        "the old branch comes back whole"
    );
    assert!(!c.switch_sibling(&q2, -1).unwrap(), "no alternative before the first");
    assert!(c.switch_sibling(&q2, 1).unwrap());
    assert_eq!(path_texts(&c), ["q1", "a1", "q2 edited", "a2b"]);
    assert!(!c.switch_sibling(&q2b, 1).unwrap());
    assert_eq!(c.updated_ms, 7_000, "browsing branches is not activity");
}

#[test]
fn editing_the_first_question_retitles_an_automatic_title() {
    let (mut c, [q1, ..]) = two_turns("c");
    assert_eq!(c.title, "q1");
    let q1b = c.edit_user(&q1, "a better question", 6_000).unwrap();
    assert_eq!(c.title, "a better question");
    c.switch_sibling(&q1b, -1).unwrap();
    assert_eq!(c.title, "q1");
}

#[test]
fn regenerating_keeps_every_answer_switchable() {
    let (mut c, [_, _, q2, a2]) = two_turns("c");
    let a2b = c.regenerate(&a2, 6_000).unwrap();
    let fresh = c.message(&a2b).unwrap();
    assert_eq!(fresh.parent.as_ref(), Some(&q2));
    assert_eq!(
        fresh.body.reply().map(|r| r.status),
        Some(ReplyStatus::Streaming),
        "ready to stream into"
    );
    c.reply_mut(&a2b).unwrap().content = "a2 again".into();
    let a2c = c.regenerate(&a2b, 7_000).unwrap();
    c.reply_mut(&a2c).unwrap().content = "a2 third".into();
    assert_eq!(c.siblings(&a2c), Some((3, 3)));
    c.switch_sibling(&a2c, -2).unwrap();
    assert_eq!(path_texts(&c).last().map(String::as_str), Some("a2"));
    assert_eq!(c.regenerate(&q2, 8_000), Err(TreeError::NotAnAnswer(q2.clone())));
    assert_eq!(
        c.edit_user(&a2, "x", 8_000),
        Err(TreeError::NotAUserMessage(a2.clone()))
    );
}

#[test]
fn switching_lands_on_the_newest_leaf_of_the_chosen_branch() {
    let (mut c, [q1, ..]) = two_turns("c");
    let q1b = c.edit_user(&q1, "q1b", 6_000).unwrap();
    c.push(answer("a1b"), 7_000);
    c.switch_sibling(&q1b, -1).unwrap();
    assert_eq!(
        path_texts(&c),
        ["q1", "a1", "q2", "a2"],
        "down to the deepest, newest message"
    );
}

#[test]
fn deleting_removes_the_subtree_and_repairs_what_is_shown() {
    let (mut c, [q1, a1, q2, a2]) = two_turns("c");
    let q2b = c.edit_user(&q2, "q2b", 6_000).unwrap();
    let removed = c.delete_message(&q2b, 7_000).unwrap();
    assert_eq!(removed.len(), 1);
    assert_eq!(
        path_texts(&c),
        ["q1", "a1", "q2", "a2"],
        "falls back to the remaining alternative"
    );
    assert_eq!(c.current_leaf.as_ref(), Some(&a2));

    let removed = c.delete_message(&a1, 8_000).unwrap();
    assert_eq!(removed.iter().map(|m| m.id.clone()).collect::<Vec<_>>(), [a1, q2, a2]);
    assert_eq!(path_texts(&c), ["q1"], "no alternative left: the parent is shown");
    assert_eq!(c.updated_ms, 8_000);

    c.delete_message(&q1, 9_000).unwrap();
    assert!(c.messages.is_empty() && c.current_leaf.is_none());
    assert_eq!(c.title, "");
    let gone = MessageId::new("m1");
    assert_eq!(c.delete_message(&gone, 9_000), Err(TreeError::UnknownMessage(gone)));
}

#[test]
fn a_record_out_of_order_still_shows_its_whole_path_and_branches() {
    let (mut c, [_, _, q2, _]) = two_turns("c");
    let q2b = c.edit_user(&q2, "q2 edited", 6_000).unwrap();
    c.push(answer("a2b"), 7_000);
    // A hand-edited record: every message before its parent.
    c.messages.reverse();
    assert_eq!(path_texts(&c), ["q1", "a1", "q2 edited", "a2b"]);
    let branches: Vec<(usize, usize)> = c.path_with_siblings().into_iter().map(|(_, b)| b).collect();
    assert_eq!(branches, [(1, 1), (1, 1), (1, 2), (1, 1)]);
    assert_eq!(c.siblings(&q2b), Some((1, 2)), "alternatives count in record order");
}

#[test]
fn deleting_off_screen_keeps_the_screen() {
    let (mut c, [_, _, q2, _]) = two_turns("c");
    let q2b = c.edit_user(&q2, "q2b", 6_000).unwrap();
    c.delete_message(&q2, 7_000).unwrap();
    assert_eq!(c.current_leaf.as_ref(), Some(&q2b));
    assert_eq!(c.siblings(&q2b), Some((1, 1)));
}

#[test]
fn new_ids_never_reuse_a_live_one_and_unknown_parents_are_refused() {
    let (mut c, [q1, ..]) = two_turns("c");
    let b = c.append(Some(&q1), MessageBody::user("side"), 6_000).unwrap();
    assert_eq!(b, MessageId::new("m5"));
    let nowhere = MessageId::new("nope");
    assert_eq!(
        c.append(Some(&nowhere), MessageBody::user("x"), 7_000),
        Err(TreeError::UnknownMessage(nowhere))
    );
    assert!(c.show(&q1).is_ok());
    assert_eq!(
        c.current_leaf,
        Some(b),
        "show follows the newest branch under the message"
    );
}
