"""View constants shared by lesson 01's experiments on the diabetes patients."""

BMI = "body-mass index, BMI (kg/m²)"
PROGRESSION = "disease progression (score)"
