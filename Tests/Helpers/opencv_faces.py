"""OpenCV's own face detector, for the cross-check of the Swift Haar cascade evaluator.

  opencv_faces.py picture OUT.pgm WIDTH   writes scikit-image's astronaut photo as a grey PGM
                                          WIDTH pixels wide (OpenCV's grey conversion, INTER_AREA);
                                          prints the PNG's path; exit 3 when the photo is missing
  opencv_faces.py detect CASCADE SCALE NEIGHBOURS PGM...
                                          prints one JSON line per picture: [[x, y, w, h], ...]
                                          from CascadeClassifier.detectMultiScale
"""
import json
import os
import sys

import cv2


def picture(out, width):
    try:
        import skimage
    except ImportError:
        print("scikit-image is not installed in the venv", file=sys.stderr)
        sys.exit(3)
    path = os.path.join(os.path.dirname(skimage.__file__), "data", "astronaut.png")
    if not os.path.exists(path):
        print(f"{path} is missing", file=sys.stderr)
        sys.exit(3)
    grey = cv2.cvtColor(cv2.imread(path, cv2.IMREAD_COLOR), cv2.COLOR_BGR2GRAY)
    height = round(grey.shape[0] * width / grey.shape[1])
    cv2.imwrite(out, cv2.resize(grey, (width, height), interpolation=cv2.INTER_AREA))
    print(path)


def detect(cascade, scale, neighbours, paths):
    classifier = cv2.CascadeClassifier(cascade)
    if classifier.empty():
        sys.exit(f"OpenCV cannot load {cascade}")
    for path in paths:
        grey = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
        faces = classifier.detectMultiScale(grey, scaleFactor=scale, minNeighbors=neighbours)
        print(json.dumps([[int(v) for v in face] for face in faces]))


if __name__ == "__main__":
    if sys.argv[1] == "picture":
        picture(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "detect":
        detect(sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5:])
    else:
        sys.exit(__doc__)
