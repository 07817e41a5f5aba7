image_tag = "1.4.2"
