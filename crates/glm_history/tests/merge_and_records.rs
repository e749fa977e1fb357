//! Merging imports without duplicate ids, and stored records that fail one at a time.

mod common;

use std::collections::HashSet;

use common::*;
use glm_history::{
    ConversationId, ConversationProblem, MessageBody, RecordError, SCHEMA_VERSION, decode_record, encode_record, merge,
};
use serde_json::{Value, json};

fn ids(list: &[glm_history::Conversation]) -> Vec<&str> {
    list.iter().map(|c| c.id.as_str()).collect()
}

fn counter() -> impl FnMut() -> ConversationId {
    let mut n = 0;
    move || {
        n += 1;
        ConversationId(format!("new-{n}"))
    }
}

#[test]
fn identical_and_older_copies_are_skipped_and_new_ones_added() {
    let (mine, _) = two_turns("a");
    let existing = vec![mine.clone()];
    let mut older = mine.clone();
    older.messages.truncate(2);
    older.current_leaf = Some(older.messages[1].id.clone());
    older.updated_ms = 3_000;
    let out = merge(&existing, vec![mine.clone(), older, empty("b")], counter());
    assert_eq!(out.skipped, [ConversationId::new("a"), ConversationId::new("a")]);
    assert_eq!(ids(&out.added), ["b"]);
    assert!(out.updated.is_empty());
}

#[test]
fn a_continued_or_later_renamed_copy_replaces_mine() {
    let (mine, _) = two_turns("a");
    let mut continued = mine.clone();
    continued.push(MessageBody::user("q3"), 9_000);
    let mut list = vec![mine.clone()];
    let out = merge(&list, vec![continued.clone()], counter());
    assert_eq!(out.updated, [continued.clone()]);
    out.apply(&mut list);
    assert_eq!(list, [continued]);

    let mut renamed = mine.clone();
    renamed.rename("Renamed", 9_500);
    let out = merge(&[mine], vec![renamed], counter());
    assert_eq!(out.updated[0].title, "Renamed");
}

#[test]
fn diverged_copies_are_both_kept_under_distinct_ids() {
    let (mine, [_, _, q2, _]) = two_turns("a");
    let mut theirs = mine.clone();
    theirs.edit_user(&q2, "their edit", 9_000).unwrap();
    let mut mine_now = mine.clone();
    mine_now.push(MessageBody::user("my q3"), 8_000);
    let mut list = vec![mine_now.clone(), empty("new-1")];
    // The id source first offers a taken id; merge must not use it.
    let out = merge(&list, vec![theirs.clone(), theirs.clone()], counter());
    assert_eq!(ids(&out.added), ["new-2"], "one copy, then the repeat is recognised");
    assert_eq!(out.skipped, [ConversationId::new("a")]);
    assert_eq!(out.added[0].messages, theirs.messages);
    out.apply(&mut list);
    assert_eq!(list[0], mine_now, "my conversation is untouched");
    let unique: HashSet<&str> = ids(&list).into_iter().collect();
    assert_eq!(unique.len(), list.len(), "no duplicate ids: {:?}", ids(&list));

    let again = merge(&list, vec![theirs], counter());
    assert!(again.added.is_empty(), "importing the same file twice adds nothing");
}

#[test]
fn a_stubborn_id_source_still_cannot_duplicate() {
    let (mine, [_, _, q2, _]) = two_turns("a");
    let mut theirs = mine.clone();
    theirs.edit_user(&q2, "x", 9_000).unwrap();
    let mut mine_now = mine;
    mine_now.push(MessageBody::user("y"), 9_100);
    let out = merge(&[mine_now], vec![theirs], || ConversationId::new("a"));
    assert_eq!(ids(&out.added), ["a-8"]);
}

#[test]
fn records_round_trip_and_a_corrupt_one_fails_alone() {
    let (good, _) = two_turns("good");
    let record = serde_json::to_value(encode_record(&good)).unwrap();
    assert_eq!(record["schema"], SCHEMA_VERSION);
    assert_eq!(record["conversation"]["id"], "good");
    let stored = vec![
        record.clone(),
        json!("not an object"),
        json!({"schema": 2}),
        json!({"schema": 3, "conversation": {}}),
        json!({"schema": 2, "conversation": {"id": "bad", "messages": "oops"}}),
        json!({"schema": 2, "conversation": {"id": "loop", "messages": [
            {"id": "m1", "parent": "m1", "body": {"role": "user", "text": "?"}}]}}),
        json!({"schema": 1, "conversation": {"id": "legacy", "messages": [{"role": "user", "text": "old"}]}}),
        record,
    ];
    let results: Vec<_> = stored.into_iter().map(decode_record).collect();
    assert_eq!(results[0].as_ref(), Ok(&good));
    assert_eq!(results[1], Err(RecordError::NotARecord));
    assert_eq!(results[2], Err(RecordError::NotARecord));
    assert_eq!(results[3], Err(RecordError::NewerSchema { found: 3 }));
    assert!(
        matches!(&results[4], Err(RecordError::Invalid { id, problem: ConversationProblem::Shape(_) }) if id == "bad")
    );
    assert!(
        matches!(&results[5], Err(RecordError::Invalid { id, problem: ConversationProblem::Invalid(_) }) if id == "loop")
    );
    assert_eq!(
        results[6].as_ref().map(path_texts),
        Ok(vec!["old".to_string()]),
        "old records are migrated"
    );
    assert_eq!(results[7].as_ref(), Ok(&good), "records after a bad one still load");
}

#[test]
fn arbitrary_junk_never_panics() {
    for junk in [
        json!(null),
        json!([]),
        json!({"schema": "2", "conversation": 1}),
        json!({"schema": -1, "conversation": {}}),
        json!({"schema": 2, "conversation": {"id": 5}}),
        json!({"schema": 18446744073709551615u64, "conversation": {}}),
    ] {
        assert!(decode_record(junk.clone()).is_err(), "{junk}");
    }
    let _: Value = serde_json::to_value(encode_record(&empty("e"))).unwrap();
}
