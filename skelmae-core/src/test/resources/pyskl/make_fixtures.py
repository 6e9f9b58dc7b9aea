"""Writes the small PYSKL-style annotation pickles PysklDatasetsTest reads (run: python3 make_fixtures.py with
Debian's python3-numpy, and once with numpy 2 for coco2d-numpy2.pkl).

PYSKL's files are a dict {'split': {name: [frame_dir, ...]}, 'annotations': [dict, ...]}. The 2D ones hold
keypoint (M, T, 17, 2) and keypoint_score (M, T, 17) as float16 with img_shape (h, w); the 3D ones hold
keypoint (M, T, 25, 3) float32. Values are chosen so a test can predict every coordinate it reads back.
"""
import pickle

import numpy as np


def coco_annotation(name, label, persons, frames, h=1080, w=1920):
    kp = np.zeros((persons, frames, 17, 2), dtype=np.float16)
    for m in range(persons):
        for t in range(frames):
            for v in range(17):
                # x and y in pixels, exactly representable in float16
                kp[m, t, v, 0] = 64 * v + 8 * t + 512 * m
                kp[m, t, v, 1] = 32 * v + 4 * t
    score = np.full((persons, frames, 17), 0.5, dtype=np.float16)
    return dict(frame_dir=name, label=label, img_shape=(h, w), original_shape=(h, w), total_frames=frames,
                keypoint=kp, keypoint_score=score)


coco = dict(
    split=dict(xsub_train=["S001C001P001R001A001", "S001C001P002R001A002", "S001C002P001R001A003"],
               xsub_val=["S001C001P003R001A001", "S001C001P003R001A050"],
               xview_train=["S001C002P001R001A003", "S001C001P003R001A050"],
               xview_val=["S001C001P001R001A001", "S001C001P002R001A002", "S001C001P003R001A001"]),
    annotations=[coco_annotation("S001C001P001R001A001", 0, 1, 4),
                 coco_annotation("S001C001P002R001A002", 1, 2, 5),
                 coco_annotation("S001C002P001R001A003", 2, 3, 3),
                 coco_annotation("S001C001P003R001A001", 0, 1, 6, h=480, w=640),
                 coco_annotation("S001C001P003R001A050", 49, 2, 2)])
# mmcv.dump, which PYSKL uses, pickles with protocol 2
with open("coco2d-protocol2.pkl", "wb") as f:
    pickle.dump(coco, f, protocol=2)
# protocol 5 stores the arrays through numpy's buffer path
with open("coco2d-protocol5.pkl", "wb") as f:
    pickle.dump(coco, f, protocol=5)

# numpy 2 names its modules numpy._core: written only when this script runs under numpy 2
if int(np.__version__.split(".")[0]) >= 2:
    with open("coco2d-numpy2.pkl", "wb") as f:
        pickle.dump(coco, f, protocol=2)

# NTU 3D (ntu60_3danno.pkl style): float32 (M, T, 25, 3), no scores or image size; numpy integer labels
kp3 = np.arange(2 * 3 * 25 * 3, dtype=np.float32).reshape(2, 3, 25, 3) / 100
ntu3d = dict(split=dict(train=["a", "b"], val=["c"]),
             annotations=[dict(frame_dir=n, label=np.int64(i), keypoint=kp3[:1 + i % 2] + i, total_frames=np.int64(3))
                          for i, n in enumerate(["a", "b", "c"])])
with open("ntu3d-protocol4.pkl", "wb") as f:
    pickle.dump(ntu3d, f, protocol=4)

# malformed files, each refused with the key or annotation it is about
with open("bad-no-annotations.pkl", "wb") as f:
    pickle.dump(dict(split=dict(train=["a"])), f, protocol=2)
bad = coco_annotation("S001C001P001R001A001", 0, 1, 4)
bad["keypoint"] = bad["keypoint"][0]
with open("bad-keypoint-rank.pkl", "wb") as f:
    pickle.dump(dict(split=dict(train=[bad["frame_dir"]], val=[]), annotations=[coco_annotation("x", 0, 1, 2), bad]), f, protocol=2)
with open("bad-unknown-frame-dir.pkl", "wb") as f:
    pickle.dump(dict(split=dict(train=["nobody"], val=[]), annotations=[coco_annotation("x", 0, 1, 2)]), f, protocol=2)
with open("bad-not-a-dict.pkl", "wb") as f:
    pickle.dump([1, 2, 3], f, protocol=2)
